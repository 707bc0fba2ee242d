package schemas

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// HashID returns the first 8 bytes of SHA-256 over the parts joined by 0x1f, hex encoded.
// Every deterministic id in dealwatch (article_id, event_id, deal_id) is built with it.
func HashID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return hex.EncodeToString(h[:8])
}

// ArticleID is the id of an article: the hash of its canonical URL.
func ArticleID(canonicalURL string) string { return HashID(canonicalURL) }
