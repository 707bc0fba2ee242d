package main

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/scripts/testenv"
)

// TestBenchEmbedded runs `dealwatch bench` on the embedded services with a
// few articles and checks that it reports every figure (not their values:
// speed is measured by running the command, not by tests).
func TestBenchEmbedded(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	t.Setenv("KAFKA_BROKERS", "")
	t.Setenv("CLICKHOUSE_ADDR", "")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := helperCmd(t, ctx, "main", []string{"bench", "-n", "40", "-paced", "5", "-rate", "50",
		"-corpus", "../../testdata/corpus/part1"}).Output()
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, out)
	}
	for _, re := range []string{
		`dealwatch bench: 40 articles \(\d+ distinct texts\), \d+ events; embedded kfake, chDB`,
		`extraction alone : +[0-9.]+ articles/s`,
		`full pipeline +: +[0-9.]+ articles/s`,
		`publish→visible, all 40 at once : p50 \S+ +p99 \S+`,
		`publish→visible, paced 50/s +: p50 \S+ +p99 \S+`,
		`stage breakdown .*extract insert_latency`,
	} {
		if !regexp.MustCompile(re).Match(out) {
			t.Errorf("bench output lacks %q:\n%s", re, out)
		}
	}
}
