package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMain gives the tests their own user cache dir: `dealwatch ingest`
// keeps its checkpoints there by default, and a completed ingest of the
// same paths by an earlier test run would make this run publish nothing.
// Go's build cache stays where it was.
func TestMain(m *testing.M) {
	if os.Getenv("GOCACHE") == "" {
		if c, err := os.UserCacheDir(); err == nil {
			os.Setenv("GOCACHE", filepath.Join(c, "go-build"))
		}
	}
	dir, err := os.MkdirTemp("", "dealwatch-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
