package chserver

import (
	"crypto/sha256"
	"strconv"
	"sync"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// stampCache remembers the inserted_at given to the last blocks of events,
// by the blocks' identity (each row's event_id, version and content, in
// order), so that a block inserted again after a failure is byte for byte
// the first one and the replicated table deduplicates it
// (insert_deduplicate; the table keeps the ids of its last 100 blocks in
// ZooKeeper, whichever replica took them).
type stampCache struct {
	mu    sync.Mutex
	times map[[32]byte]time.Time
	order [][32]byte
}

// stampCacheSize bounds the blocks remembered: the sink retries one block
// at a time, so a few are plenty.
const stampCacheSize = 64

func newStampCache() *stampCache { return &stampCache{times: map[[32]byte]time.Time{}} }

// stamp returns the time remembered for the block, or now (to the second,
// as DateTime stores it) remembered from here on.
func (c *stampCache) stamp(events []schemas.DealEvent, now time.Time) time.Time {
	h := sha256.New()
	for _, ev := range events {
		r := store.NewEventRow(ev)
		h.Write([]byte(r.EventID))
		h.Write([]byte{0})
		h.Write([]byte(strconv.FormatUint(r.Version, 10)))
		h.Write([]byte{0})
		h.Write([]byte(r.ContentHash))
		h.Write([]byte{0, r.Retracted})
	}
	var id [32]byte
	copy(id[:], h.Sum(nil))
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.times[id]; ok {
		return t
	}
	t := now.UTC().Truncate(time.Second)
	c.times[id] = t
	c.order = append(c.order, id)
	if len(c.order) > stampCacheSize {
		delete(c.times, c.order[0])
		c.order = c.order[1:]
	}
	return t
}
