package storetest

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// Events reads a JSON-lines file of deal events (the output of `dealwatch
// extract`, e.g. alert/testdata/outlets.jsonl), each line checked against
// the event schema.
func Events(t testing.TB, path string) []schemas.DealEvent {
	t.Helper()
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	evs, err := deal.ReadEvents(f, v)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return evs
}

// Migrated brings e to the current schema.
func Migrated(t testing.TB, e store.Engine) {
	t.Helper()
	if _, err := store.Migrate(Ctx(t), e, nil); err != nil {
		t.Fatal(err)
	}
}

// Seed migrates e and inserts evs.
func Seed(t testing.TB, e store.Engine, evs []schemas.DealEvent) {
	t.Helper()
	Migrated(t, e)
	if err := e.InsertEvents(Ctx(t), evs); err != nil {
		t.Fatal(err)
	}
}

// EventBus starts an in-process Kafka (kfake, closed at the end of the
// test) with the events and dead-letter topics.
func EventBus(t testing.TB) bus.Config {
	t.Helper()
	b, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	cfg := bus.Config{Brokers: b.Addrs(), Partitions: 3, ReplicationFactor: 1}
	if err := bus.EnsureTopics(Ctx(t), cfg, schemas.TopicEvents, schemas.TopicDeadLetter); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// EventMessages encodes evs as messages for the events topic: keyed by
// deal_id, JSON value, schema-version header.
func EventMessages(t testing.TB, evs []schemas.DealEvent) []kafka.Message {
	t.Helper()
	out := make([]kafka.Message, len(evs))
	for i, e := range evs {
		raw, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = kafka.Message{Key: []byte(e.DealID), Value: raw, Headers: []kafka.Header{bus.SchemaHeader(schemas.DealEventVersion)}}
	}
	return out
}
