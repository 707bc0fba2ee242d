package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestLockDataDir(t *testing.T) {
	dir := t.TempDir()
	release, err := lockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockDataDir(dir); !errors.Is(err, errDataDirBusy) {
		t.Fatalf("second lock: %v, want errDataDirBusy", err)
	}
	release()
	release2, err := lockDataDir(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	release2()
}

func TestRunGroupFirstFailureStopsAll(t *testing.T) {
	g := newRunGroup(context.Background(), slog.New(slog.DiscardHandler))
	boom := errors.New("boom")
	stoppedCleanly := make(chan struct{})
	g.Go("long", func(ctx context.Context) error {
		<-ctx.Done()
		close(stoppedCleanly)
		return ctx.Err() // cancellation is not a failure
	})
	g.Go("oneshot", func(context.Context) error { return nil })
	g.Go("bad", func(context.Context) error { return boom })
	err := g.Wait()
	if !errors.Is(err, boom) {
		t.Fatalf("Wait = %v, want boom", err)
	}
	if !strings.Contains(err.Error(), "bad:") {
		t.Errorf("error %q does not name the stage", err)
	}
	select {
	case <-stoppedCleanly:
	default:
		t.Fatal("the long stage was not stopped")
	}
}

func TestRunUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := realMain([]string{"run", "stray"}, strings.NewReader(""), &out, &errb); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if code := realMain([]string{"run", "--workers", "0"}, strings.NewReader(""), &out, &errb); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
}
