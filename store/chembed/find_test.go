package chembed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func touch(t *testing.T, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func cacheLib(root, version string) string {
	return filepath.Join(root, ".cache", "chdb-"+version, "node_modules", "@chdb", "lib-linux-x64-gnu", "libchdb.so")
}

// libchdb is found without configuration where make demo and
// scripts/services.sh chdb put it, next to the binary and in the user
// cache dir; CHDB_LIB_PATH wins when set.
func TestLibSearch(t *testing.T) {
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	sub := filepath.Join(repo, "cmd", "dealwatch")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(repo, "bin", "dealwatch")
	elsewhere := filepath.Join(tmp, "elsewhere")
	userCache := filepath.Join(tmp, "usercache")

	// Nothing installed: a clear error naming the one command that fetches it.
	_, err := libSearch{cwd: elsewhere, exe: bin, userCache: userCache}.find()
	if !errors.Is(err, ErrNoLibrary) || !strings.Contains(err.Error(), "`"+FetchCommand+"`") || !strings.Contains(err.Error(), "CHDB_LIB_PATH") {
		t.Fatalf("nothing installed: %v", err)
	}

	old := touch(t, cacheLib(repo, "26.1.0"))
	newer := touch(t, cacheLib(repo, "26.5.3"))
	for _, s := range []libSearch{
		{cwd: repo, userCache: userCache},                // make demo's working directory
		{cwd: sub, userCache: userCache},                 // go test in a package of the checkout
		{cwd: elsewhere, exe: bin, userCache: userCache}, // bin/dealwatch run from elsewhere
	} {
		got, err := s.find()
		if err != nil || got != newer {
			t.Errorf("%+v: %q %v, want the newest cached version %q (not %q)", s, got, err, newer, old)
		}
	}

	nextToBin := touch(t, filepath.Join(filepath.Dir(bin), "libchdb.so"))
	if got, _ := (libSearch{cwd: repo, exe: bin}).find(); got != nextToBin {
		t.Errorf("next to the binary: %q, want %q", got, nextToBin)
	}

	userLib := touch(t, filepath.Join(userCache, "dealwatch", "libchdb.so"))
	if got, _ := (libSearch{cwd: elsewhere, exe: filepath.Join(elsewhere, "dealwatch"), userCache: userCache}).find(); got != userLib {
		t.Errorf("user cache dir: %q, want %q", got, userLib)
	}

	if got, _ := (libSearch{env: old, cwd: repo, exe: bin}).find(); got != old {
		t.Errorf("CHDB_LIB_PATH: %q, want %q", got, old)
	}
	if _, err := (libSearch{env: filepath.Join(tmp, "missing.so"), cwd: repo}).find(); !errors.Is(err, ErrNoLibrary) || !strings.Contains(err.Error(), "missing.so") {
		t.Errorf("CHDB_LIB_PATH to a missing file: %v", err)
	}
}
