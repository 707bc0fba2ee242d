package main

import (
	"context"
	"os"
	"regexp"
	"runtime"
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
	out, err := helperCmd(t, ctx, "main", []string{"bench", "-n", "40", "-paced", "5", "-rate", "50", "-rss=false"}).Output()
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, out)
	}
	for _, re := range []string{
		`dealwatch bench: 40 articles \(\d+ distinct texts\), [1-9]\d* events; embedded kfake, chDB`,
		`extraction alone : +[0-9.]+ articles/s`,
		`full pipeline +: +[0-9.]+ articles/s .*all alerts after`,
		`full / extraction: +[0-9.]+ %`,
		`CPU per article  : extraction alone [0-9.]+ ms, full pipeline [0-9.]+ ms in this process \(stages, broker, engine, publisher and poller\): at most [1-9][0-9]* %`,
		`publish→visible, all 40 at once : p50 \S+ +p99 \S+ +\([1-9]\d* articles with events`,
		`publish→alert, +all 40 at once : p50 \S+ +p99 \S+ +\([1-9]\d* alerts\)`,
		`publish→visible, paced 50/s +: p50 \S+ +p99 \S+`,
		`publish→alert, +paced 50/s +: p50 \S+ +p99 \S+ +\([1-9]\d* alerts\)`,
		`bench process peak RSS .*: [1-9]\d* MB`,
		`stage breakdown .*extract insert_latency`,
	} {
		if !regexp.MustCompile(re).Match(out) {
			t.Errorf("bench output lacks %q:\n%s", re, out)
		}
	}
}

// TestVmHWM: the peak RSS the bench reports per stage process is read from
// /proc; this process's own is at least its live heap.
func TestVmHWM(t *testing.T) {
	kb, err := vmHWM(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if kb*1024 < int64(ms.HeapInuse) {
		t.Fatalf("VmHWM %d KB below the heap in use (%d bytes)", kb, ms.HeapInuse)
	}
}
