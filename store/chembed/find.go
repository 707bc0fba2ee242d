package chembed

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// FetchCommand is the one command that fetches libchdb into this
// checkout's .cache/, where the lookup below finds it.
const FetchCommand = "scripts/services.sh chdb"

// cacheGlob is where scripts/services.sh chdb (and so make demo) installs
// libchdb under a checkout: .cache/chdb-<version>/node_modules/@chdb/lib-linux-x64-gnu/.
var cacheGlob = filepath.Join(".cache", "chdb-*", "node_modules", "@chdb", "lib-linux-x64-gnu", "libchdb.so")

// libSearch says where libchdb may be when CHDB_LIB_PATH is not set.
type libSearch struct {
	env       string // CHDB_LIB_PATH
	cwd       string // the working directory
	exe       string // the running binary
	userCache string // os.UserCacheDir()
}

// systemSearch reads the search inputs from the process.
func systemSearch() libSearch {
	s := libSearch{env: os.Getenv("CHDB_LIB_PATH")}
	s.cwd, _ = os.Getwd()
	if exe, err := os.Executable(); err == nil {
		if r, err := filepath.EvalSymlinks(exe); err == nil {
			exe = r
		}
		s.exe = exe
	}
	s.userCache, _ = os.UserCacheDir()
	return s
}

// places lists, in order, the files and globs tried: CHDB_LIB_PATH alone
// when set; otherwise the binary's own directory, the .cache/ of the
// checkout holding the working directory or the binary (any ancestor
// directory), the user cache dir (dealwatch/libchdb.so or the same
// .cache layout under dealwatch/), then the system library directories.
func (s libSearch) places() []string {
	if s.env != "" {
		return []string{s.env}
	}
	var out []string
	add := func(p string) {
		for _, q := range out {
			if q == p {
				return
			}
		}
		out = append(out, p)
	}
	if s.exe != "" {
		add(filepath.Join(filepath.Dir(s.exe), "libchdb.so"))
	}
	for _, start := range []string{s.cwd, filepath.Dir(s.exe)} {
		if start == "" || start == "." {
			continue
		}
		for d := start; ; d = filepath.Dir(d) {
			add(filepath.Join(d, cacheGlob))
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	if s.userCache != "" {
		add(filepath.Join(s.userCache, "dealwatch", "libchdb.so"))
		add(filepath.Join(s.userCache, "dealwatch", strings.TrimPrefix(cacheGlob, ".cache"+string(filepath.Separator))))
	}
	add("/usr/local/lib/libchdb.so")
	add("/usr/lib/libchdb.so")
	return out
}

// find returns the first place that holds a file; for a glob, the newest
// version (the last match in lexical order).
func (s libSearch) find() (string, error) {
	places := s.places()
	for _, p := range places {
		matches := []string{p}
		if strings.ContainsAny(p, "*?[") {
			matches, _ = filepath.Glob(p)
			sort.Strings(matches)
		}
		for i := len(matches) - 1; i >= 0; i-- {
			if fi, err := os.Stat(matches[i]); err == nil && !fi.IsDir() {
				return matches[i], nil
			}
		}
	}
	if s.env != "" {
		return "", fmt.Errorf("%w: CHDB_LIB_PATH=%s does not exist", ErrNoLibrary, s.env)
	}
	return "", &notFoundError{places: places}
}

// notFoundError lists where libchdb was looked for and how to fetch it.
type notFoundError struct{ places []string }

func (e *notFoundError) Error() string {
	return fmt.Sprintf("%v; looked in the binary's directory, .cache/chdb-*/ of this checkout, the user cache dir and /usr/lib. "+
		"Fetch it with `%s` (from the checkout), or set CHDB_LIB_PATH to libchdb.so", ErrNoLibrary, FetchCommand)
}

func (e *notFoundError) Unwrap() error { return ErrNoLibrary }
