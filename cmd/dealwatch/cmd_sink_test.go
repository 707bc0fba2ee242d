package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store/chserver"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// TestSinkCommand runs `dealwatch sink` against kfake and the 18.16 server
// (database created and migrated by the command) until the events arrive.
func TestSinkCommand(t *testing.T) {
	cfg := storetest.ServerConfig(t)
	b, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	t.Setenv("KAFKA_BROKERS", strings.Join(b.Addrs(), ","))
	t.Setenv("KAFKA_PARTITIONS", "2")
	t.Setenv("CLICKHOUSE_ADDR", cfg.Addr)
	t.Setenv("CLICKHOUSE_DATABASE", cfg.Database)

	ctx, cancel := context.WithCancel(storetest.Ctx(t))
	defer cancel()
	env := &cliEnv{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""), log: slog.New(slog.DiscardHandler)}
	done := make(chan error, 1)
	go func() { done <- runSink(ctx, env, []string{"-batch", "3", "-batch-timeout", "20ms"}) }()

	bcfg := bus.Config{Brokers: b.Addrs(), Partitions: 2, ReplicationFactor: 1}
	if err := bus.EnsureTopics(ctx, bcfg, schemas.TopicEvents); err != nil {
		t.Fatal(err)
	}
	fx := storetest.Fixture(time.Now())
	w := bus.NewWriter(bcfg, schemas.TopicEvents)
	defer w.Close()
	for _, e := range fx {
		raw, _ := json.Marshal(e)
		if err := w.WriteMessages(ctx, kafka.Message{Key: []byte(e.DealID), Value: raw}); err != nil {
			t.Fatal(err)
		}
	}
	var eng *chserver.Engine
	deadline := time.Now().Add(90 * time.Second)
	for {
		if eng == nil {
			eng, _ = chserver.Open(ctx, cfg) // exists once the command created it
		}
		if eng != nil {
			r, err := eng.Query(ctx, "SELECT count() FROM events")
			if err == nil && len(r.Rows) == 1 && r.Rows[0][0] == uint64(len(fx)) {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("events did not arrive")
		}
		time.Sleep(50 * time.Millisecond)
	}
	defer func() { _ = eng.Exec(context.Background(), "DROP DATABASE IF EXISTS "+cfg.Database); eng.Close() }()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("sink: %v", err)
	}
}
