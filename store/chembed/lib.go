package chembed

import (
	"errors"
	"fmt"
	"os"
	"unsafe"

	"github.com/ebitengine/purego"
)

// ErrNoLibrary is returned by Open when libchdb cannot be loaded.
var ErrNoLibrary = errors.New("chembed: libchdb not found")

// lib holds the libchdb entry points used here (the stable C API of
// chdb.h: chdb_connect / chdb_query / chdb_result_* / chdb_close_conn).
// The library is loaded when an engine is opened, never at package init, so
// a binary that links this package still starts where libchdb is absent.
type lib struct {
	handle        uintptr
	connect       func(argc int32, argv **byte) unsafe.Pointer
	closeConn     func(conn unsafe.Pointer)
	query         func(conn unsafe.Pointer, query string, format string) unsafe.Pointer
	destroyResult func(res unsafe.Pointer)
	resultBuffer  func(res unsafe.Pointer) unsafe.Pointer
	resultLength  func(res unsafe.Pointer) uintptr
	resultError   func(res unsafe.Pointer) string
	resultRows    func(res unsafe.Pointer) uint64
}

// libPath returns CHDB_LIB_PATH or the first libchdb found where the
// project installs it (see libSearch.places).
func libPath() (string, error) { return systemSearch().find() }

func loadLib(path string) (*lib, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoLibrary, err)
	}
	h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		return nil, fmt.Errorf("%w: dlopen %s: %v", ErrNoLibrary, path, err)
	}
	l := &lib{handle: h}
	for _, f := range []struct {
		fn   any
		name string
	}{
		{&l.connect, "chdb_connect"},
		{&l.closeConn, "chdb_close_conn"},
		{&l.query, "chdb_query"},
		{&l.destroyResult, "chdb_destroy_query_result"},
		{&l.resultBuffer, "chdb_result_buffer"},
		{&l.resultLength, "chdb_result_length"},
		{&l.resultError, "chdb_result_error"},
		{&l.resultRows, "chdb_result_rows_read"},
	} {
		if _, err := purego.Dlsym(h, f.name); err != nil {
			return nil, fmt.Errorf("%w: %s lacks %s: %v", ErrNoLibrary, path, f.name, err)
		}
		purego.RegisterLibFunc(f.fn, h, f.name)
	}
	return l, nil
}

// cStrings returns a NUL-terminated argv; keep the returned slices alive
// while the C side uses them.
func cStrings(args []string) ([]*byte, [][]byte) {
	ptrs := make([]*byte, len(args))
	bufs := make([][]byte, len(args))
	for i, a := range args {
		b := append([]byte(a), 0)
		bufs[i] = b
		ptrs[i] = &b[0]
	}
	return ptrs, bufs
}
