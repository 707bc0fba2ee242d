package bus

// BulkWaiting is how many calls wait in b's queue (for tests that need
// calls merged deterministically).
func BulkWaiting(b *BulkWriter) int { return len(b.calls) }
