package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
)

// bench-cluster measures real clusters only: without them it is a usage
// error, not a silent run on the embedded services.
func TestBenchClusterNeedsClusters(t *testing.T) {
	t.Setenv("KAFKA_BROKERS", "")
	t.Setenv("CLICKHOUSE_ADDR", "127.0.0.1:9000")
	env := &cliEnv{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""), log: slog.New(slog.DiscardHandler)}
	if err := runBenchCluster(context.Background(), env, nil); !errors.Is(err, errUsage) {
		t.Fatalf("no KAFKA_BROKERS: %v, want a usage error", err)
	}
	t.Setenv("KAFKA_BROKERS", "127.0.0.1:9092")
	if err := runBenchCluster(context.Background(), env, []string{"-workers", "1,0"}); !errors.Is(err, errUsage) {
		t.Fatalf("-workers 1,0: %v, want a usage error", err)
	}
}

// A group started at the end reads only what is written afterwards, and
// waitAssigned sees its one member holding every partition (kfake).
func TestStartGroupAtEnd(t *testing.T) {
	b, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := bus.Config{Brokers: b.Addrs(), Partitions: 2, ReplicationFactor: 1}
	const topic, group = "bench-cluster-test", "bench-cluster-test-group"
	if err := bus.EnsureTopics(ctx, cfg, topic); err != nil {
		t.Fatal(err)
	}
	w := bus.NewWriter(cfg, topic)
	defer w.Close()
	write := func(prefix string, n int) {
		for i := range n {
			if err := w.WriteMessages(ctx, kafka.Message{Key: []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprintf("%s-%d", prefix, i))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("old", 6)
	if err := startGroupAtEnd(ctx, cfg, group, topic); err != nil {
		t.Fatal(err)
	}
	write("new", 4)

	r := bus.NewReader(cfg, topic, group)
	defer r.Close()
	for range 4 {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(m.Value), "new-") {
			t.Fatalf("read %q at %d/%d: the group did not start at the end", m.Value, m.Partition, m.Offset)
		}
	}
	per, err := waitAssigned(ctx, cfg, group, topic, 1, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(per) != 1 || per[0] != 2 {
		t.Errorf("partitions per member %v, want [2]", per)
	}
}
