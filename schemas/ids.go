package schemas

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
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

// DealKey is what makes two events mentions of one deal: the event type, the
// commitment kind, the parties with their roles (direction), the exclusivity
// scope, and the time window (the calendar year of the article's publication,
// or "undated"). Amount and action are deliberately left out: an amount
// raised, a status changed or an exclusivity removed is a new version of the
// same deal, not a new deal.
func DealKey(e DealEvent) []string {
	parties := make([]string, 0, len(e.Parties))
	for _, p := range e.Parties {
		parties = append(parties, p.Role+":"+p.ID)
	}
	sort.Strings(parties)
	scope := ""
	if e.Type == TypeExclusivity && e.Scope != nil {
		scope = *e.Scope
	}
	window := "undated"
	if e.Article.PublishedAt != nil {
		window = strconv.Itoa(e.Article.PublishedAt.UTC().Year())
	}
	return []string{"deal", e.Type, e.KindOf(), strings.Join(parties, ","), scope, window}
}

// DealID is the deterministic id of the deal an event belongs to (see DealKey).
func DealID(e DealEvent) string { return HashID(DealKey(e)...) }
