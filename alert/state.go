package alert

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dealwatch/dealwatch/schemas"
)

// DealState is what the alerter remembers about one deal.
type DealState struct {
	// Versions maps every alerted (or knowingly skipped) version fingerprint
	// of the deal to the time it was seen.
	Versions map[string]time.Time `json:"versions"`
	// Latest is the seen-at time of the newest recorded version; an older
	// version arriving later is stale and never alerts.
	Latest time.Time `json:"latest"`
	// Alerted is true once any version of the deal was announced.
	Alerted bool `json:"alerted"`
	// Last is the last announced version, to judge whether a new one is a
	// material change.
	Last *VersionSummary `json:"last,omitempty"`
}

// VersionSummary is what makes a version material: its action, amount,
// capacity and horizon.
type VersionSummary struct {
	Action   string   `json:"action"`
	Amount   *float64 `json:"amount,omitempty"`
	Currency string   `json:"currency,omitempty"`
	Capacity *float64 `json:"capacity,omitempty"`
	Unit     string   `json:"unit,omitempty"`
	Until    string   `json:"until,omitempty"`
}

// Summarize extracts the material fields of an event.
func Summarize(e schemas.DealEvent) *VersionSummary {
	v := &VersionSummary{Action: e.Action}
	if e.Amount != nil && e.Amount.Value != nil {
		x := *e.Amount.Value
		v.Amount, v.Currency = &x, e.Amount.Currency
	}
	if e.Capacity != nil {
		x := e.Capacity.Value
		v.Capacity, v.Unit = &x, e.Capacity.Unit
	}
	if e.Until != nil {
		v.Until = *e.Until
	}
	return v
}

// MaterialChange reports whether next differs from prev by more than noise:
// another action, horizon, currency or unit, a figure appearing or
// vanishing, or a figure moving by at least threshold (relative).
func MaterialChange(prev, next *VersionSummary, threshold float64) bool {
	if prev == nil {
		return true
	}
	if prev.Action != next.Action || prev.Until != next.Until || prev.Currency != next.Currency || prev.Unit != next.Unit {
		return true
	}
	moved := func(a, b *float64) bool {
		if (a == nil) != (b == nil) {
			return true
		}
		if a == nil {
			return false
		}
		if *a == 0 {
			return *b != 0
		}
		return math.Abs(*b-*a)/math.Abs(*a) >= threshold
	}
	return moved(prev.Amount, next.Amount) || moved(prev.Capacity, next.Capacity)
}

// Store is the alerter's durable dedup state: a bbolt file. Per deal it
// keeps the versions already announced; per (version, sink) whether that
// sink has the alert, so a restart between two sinks redelivers to neither.
type Store struct {
	db *bolt.DB
}

var (
	bucketDeals      = []byte("deals")
	bucketDeliveries = []byte("deliveries")
)

// OpenStore opens (creating if needed) the state file at path.
func OpenStore(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("alert state: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("alert state %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketDeals, bucketDeliveries} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("alert state %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the state file.
func (s *Store) Close() error { return s.db.Close() }

// Deal returns the state of a deal; a deal never seen has an empty state.
func (s *Store) Deal(dealID string) (DealState, error) {
	st := DealState{Versions: map[string]time.Time{}}
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketDeals).Get([]byte(dealID))
		if raw == nil {
			return nil
		}
		return json.Unmarshal(raw, &st)
	})
	if err != nil {
		return DealState{}, fmt.Errorf("alert state: deal %s: %w", dealID, err)
	}
	if st.Versions == nil {
		st.Versions = map[string]time.Time{}
	}
	return st, nil
}

// RecordVersion adds a version to a deal's state. A non-nil announced
// marks the version as announced (and not merely skipped as immaterial).
func (s *Store) RecordVersion(dealID, fingerprint string, seenAt time.Time, announced *VersionSummary) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDeals)
		st := DealState{Versions: map[string]time.Time{}}
		if raw := b.Get([]byte(dealID)); raw != nil {
			if err := json.Unmarshal(raw, &st); err != nil {
				return err
			}
			if st.Versions == nil {
				st.Versions = map[string]time.Time{}
			}
		}
		st.Versions[fingerprint] = seenAt.UTC()
		if seenAt.After(st.Latest) {
			st.Latest = seenAt.UTC()
		}
		if announced != nil {
			st.Alerted, st.Last = true, announced
		}
		raw, err := json.Marshal(st)
		if err != nil {
			return err
		}
		return b.Put([]byte(dealID), raw)
	})
	if err != nil {
		return fmt.Errorf("alert state: record %s: %w", fingerprint, err)
	}
	return nil
}

func deliveryKey(idempotencyKey, sink string) []byte {
	return []byte(idempotencyKey + "\x00" + sink)
}

// Delivered reports whether sink already has the alert with this key.
func (s *Store) Delivered(idempotencyKey, sink string) (bool, error) {
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketDeliveries).Get(deliveryKey(idempotencyKey, sink)) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("alert state: %w", err)
	}
	return ok, nil
}

// MarkDelivered records that sink has the alert with this key.
func (s *Store) MarkDelivered(idempotencyKey, sink string, at time.Time) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDeliveries).Put(deliveryKey(idempotencyKey, sink), []byte(at.UTC().Format(time.RFC3339Nano)))
	})
	if err != nil {
		return fmt.Errorf("alert state: %w", err)
	}
	return nil
}
