package crawl

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dealwatch/dealwatch/ingest/simhash"
	"github.com/dealwatch/dealwatch/schemas"
)

// State is the crawler's memory across restarts, in one bbolt file: which
// URLs are done (published, or skipped for good), which articles were
// published with their fingerprints, and the validators (ETag,
// Last-Modified) for conditional GETs.
//
// Why a local bbolt file: the crawler is a single process per data
// directory (bbolt's file lock enforces it), the state is small (one record
// per URL), it must survive crashes (every update is an fsynced
// transaction) and needs no server. Kafka is not a good home for it: the
// crawler would have to read a compacted topic back on every start before
// it could decide anything.
type State struct {
	db *bolt.DB

	mu   sync.Mutex
	sims []simEntry // published articles' simhashes, oldest first
}

type simEntry struct {
	id   string
	hash uint64
}

// maxSims bounds the simhashes kept in memory for near-duplicate search.
const maxSims = 200000

var (
	bucketURLs       = []byte("urls")       // canonical URL → urlRecord
	bucketArticles   = []byte("articles")   // article id → articleRecord
	bucketHashes     = []byte("hashes")     // content hash → article id
	bucketValidators = []byte("validators") // fetched URL → validators
)

// URL statuses.
const (
	StatusPublished  = "published"
	StatusDuplicate  = "duplicate"  // same canonical URL as a published article
	StatusIrrelevant = "irrelevant" // off topic
	StatusUnreadable = "unreadable" // no article text
	StatusRobots     = "robots"     // disallowed by robots.txt
	StatusFailed     = "failed"     // gave up after repeated fetch errors
	StatusRejected   = "rejected"   // refused for good (4xx, too large, invalid)
)

type urlRecord struct {
	Status    string    `json:"status"`
	ArticleID string    `json:"article_id,omitempty"`
	Failures  int       `json:"failures,omitempty"`
	At        time.Time `json:"at"`
}

type articleRecord struct {
	URL         string    `json:"url"`
	ContentHash string    `json:"content_hash"`
	Simhash     string    `json:"simhash"`
	PublishedAt time.Time `json:"published_at"`
}

// Validators are what a conditional GET sends back.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// OpenState opens (creating if needed) the state file at path.
func OpenState(path string) (*State, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("crawl state: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("crawl state %s: %w (is another crawler using it?)", path, err)
	}
	s := &State{db: db}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketURLs, bucketArticles, bucketHashes, bucketValidators} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
			var r articleRecord
			if json.Unmarshal(v, &r) != nil {
				return nil
			}
			if h, err := simhash.Parse(r.Simhash); err == nil {
				s.sims = append(s.sims, simEntry{id: string(k), hash: h})
			}
			return nil
		})
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("crawl state %s: %w", path, err)
	}
	if len(s.sims) > maxSims {
		s.sims = s.sims[len(s.sims)-maxSims:]
	}
	return s, nil
}

// Close closes the file.
func (s *State) Close() error { return s.db.Close() }

func (s *State) getJSON(bucket []byte, key string, v any) (bool, error) {
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucket).Get([]byte(key))
		if raw == nil {
			return nil
		}
		found = true
		return json.Unmarshal(raw, v)
	})
	return found, err
}

func putJSON(tx *bolt.Tx, bucket []byte, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Bucket(bucket).Put([]byte(key), raw)
}

// URLDone reports whether a canonical URL needs no more work, and its status.
func (s *State) URLDone(canon string) (bool, string, error) {
	var r urlRecord
	found, err := s.getJSON(bucketURLs, canon, &r)
	if err != nil || !found {
		return false, "", err
	}
	return r.Status != "", r.Status, nil
}

// MarkURL records a final status for canonical URLs.
func (s *State) MarkURL(status, articleID string, canons ...string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, c := range canons {
			if c == "" {
				continue
			}
			if err := putJSON(tx, bucketURLs, c, urlRecord{Status: status, ArticleID: articleID, At: time.Now().UTC()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Failure counts one failed fetch of a URL and returns the count so far;
// after maxFailures the URL is marked failed.
func (s *State) Failure(canon string, maxFailures int) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		var r urlRecord
		if raw := tx.Bucket(bucketURLs).Get([]byte(canon)); raw != nil {
			if err := json.Unmarshal(raw, &r); err != nil {
				return err
			}
		}
		r.Failures++
		n = r.Failures
		if r.Failures >= maxFailures {
			r.Status = StatusFailed
		}
		r.At = time.Now().UTC()
		return putJSON(tx, bucketURLs, canon, r)
	})
	return n, err
}

// Published reports whether an article id was published.
func (s *State) Published(id string) (bool, error) {
	var r articleRecord
	return s.getJSON(bucketArticles, id, &r)
}

// ByContentHash returns the id of a published article with this exact
// normalised text, or "".
func (s *State) ByContentHash(h string) (string, error) {
	var id string
	err := s.db.View(func(tx *bolt.Tx) error {
		id = string(tx.Bucket(bucketHashes).Get([]byte(h)))
		return nil
	})
	return id, err
}

// Nearest returns the published article whose simhash is closest to h,
// with the distance, or ("", 65) when there is none.
func (s *State) Nearest(h uint64, except string) (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	best, dist := "", 65
	for _, e := range s.sims {
		if e.id == except {
			continue
		}
		if d := simhash.Distance(e.hash, h); d < dist {
			best, dist = e.id, d
		}
	}
	return best, dist
}

// RecordPublished stores a published article and marks its URLs done, in
// one transaction.
func (s *State) RecordPublished(a schemas.Article, canons ...string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		rec := articleRecord{URL: a.URL, ContentHash: a.ContentHash, Simhash: a.Simhash, PublishedAt: time.Now().UTC()}
		if err := putJSON(tx, bucketArticles, a.ID, rec); err != nil {
			return err
		}
		if a.ContentHash != "" && tx.Bucket(bucketHashes).Get([]byte(a.ContentHash)) == nil {
			if err := tx.Bucket(bucketHashes).Put([]byte(a.ContentHash), []byte(a.ID)); err != nil {
				return err
			}
		}
		for _, c := range append(canons, a.URL) {
			if c == "" {
				continue
			}
			if err := putJSON(tx, bucketURLs, c, urlRecord{Status: StatusPublished, ArticleID: a.ID, At: time.Now().UTC()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("crawl state: %w", err)
	}
	if h, err := simhash.Parse(a.Simhash); err == nil {
		s.mu.Lock()
		s.sims = append(s.sims, simEntry{id: a.ID, hash: h})
		if len(s.sims) > maxSims {
			s.sims = s.sims[len(s.sims)-maxSims:]
		}
		s.mu.Unlock()
	}
	return nil
}

// Validators returns the stored validators of a fetched URL.
func (s *State) Validators(u string) (Validators, error) {
	var v Validators
	_, err := s.getJSON(bucketValidators, u, &v)
	return v, err
}

// SetValidators stores a URL's validators (empty ones delete the entry).
func (s *State) SetValidators(u string, v Validators) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if v.ETag == "" && v.LastModified == "" {
			return tx.Bucket(bucketValidators).Delete([]byte(u))
		}
		return putJSON(tx, bucketValidators, u, v)
	})
}
