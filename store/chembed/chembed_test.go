package chembed

import (
	"context"
	"errors"
	"testing"
)

// A missing libchdb is an error from Open, never a panic at start-up.
func TestOpenWithoutLibrary(t *testing.T) {
	_, err := Open(context.Background(), Config{Dir: t.TempDir(), LibPath: "/nonexistent/libchdb.so"})
	if !errors.Is(err, ErrNoLibrary) {
		t.Fatalf("Open without libchdb: %v, want ErrNoLibrary", err)
	}
	_, err = Open(context.Background(), Config{Dir: t.TempDir(), Database: "bad-name", LibPath: "/nonexistent"})
	if err == nil {
		t.Fatal("bad database name accepted")
	}
}
