// Package chembed is the embedded store engine: ClickHouse in-process
// through chDB's libchdb, loaded with purego (no cgo) from CHDB_LIB_PATH
// when an engine is opened.
//
// chdb-go is not imported: its chdb-purego package dlopens libchdb in an
// init function and panics when the library is missing, which would make
// every dealwatch subcommand crash on a machine without libchdb, even ones
// that talk to a real server. This package binds the same stable C API
// (chdb.h) itself and loads it on demand.
//
// libchdb holds one engine per process: open one Engine and share it.
package chembed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// Config says where the chDB data lives.
type Config struct {
	// Dir is the chDB data directory (e.g. $DEALWATCH_DATA_DIR/chdb).
	Dir string
	// Database is the dealwatch database (default store.DefaultDatabase).
	Database string
	// LibPath is libchdb.so (default CHDB_LIB_PATH, else found where the
	// project installs it: see libSearch).
	LibPath string
	// CreateDatabase creates Database when it is missing.
	CreateDatabase bool
}

// Engine is a chDB session on a data directory. Queries are serialised:
// libchdb runs one query per connection at a time.
type Engine struct {
	mu   sync.Mutex
	lib  *lib
	conn unsafe.Pointer // chdb_connection* (for close)
	db   string
	// argv buffers must stay alive while the connection is open.
	argv [][]byte
}

var _ store.Engine = (*Engine)(nil)

// Open loads libchdb and opens a session on cfg.Dir.
func Open(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Database == "" {
		cfg.Database = store.DefaultDatabase
	}
	if err := store.CheckDatabase(cfg.Database); err != nil {
		return nil, err
	}
	if cfg.LibPath == "" {
		p, err := libPath()
		if err != nil {
			return nil, err
		}
		cfg.LibPath = p
	}
	if cfg.Dir == "" {
		return nil, errors.New("chembed: no data directory")
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("chembed: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("chembed: %w", err)
	}
	returnFreedMemory()
	l, err := loadLib(cfg.LibPath)
	if err != nil {
		return nil, err
	}
	argv, bufs := cStrings([]string{"clickhouse", "--path=" + dir})
	conn := l.connect(int32(len(argv)), &argv[0])
	if conn == nil {
		return nil, fmt.Errorf("chembed: chdb_connect on %s failed (is another process using it?)", dir)
	}
	e := &Engine{lib: l, conn: conn, db: cfg.Database, argv: bufs}
	if cfg.CreateDatabase {
		if err := e.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+cfg.Database); err != nil {
			e.Close()
			return nil, err
		}
	}
	// The session keeps its current database; nothing here runs USE again
	// (the query paths open to analysts are read-only).
	if err := e.Exec(ctx, "USE "+cfg.Database); err != nil {
		e.Close()
		return nil, fmt.Errorf("chembed: database %s: %w", cfg.Database, err)
	}
	return e, nil
}

// MallocConfEnv configures the allocator inside libchdb: its jemalloc
// reads this variable (not MALLOC_CONF) once, when the library is loaded.
const MallocConfEnv = "JE_MALLOC_CONF"

// DefaultMallocConf has libchdb's allocator give freed pages back to the
// kernel at once instead of keeping them for seconds. An embedded sink
// frees each insert's text, blocks and merge buffers right after use;
// kept, they made its peak RSS 455 MB in dealwatch bench -n 20000, and
// 347 MB with this setting. The price is madvise calls: about 25 µs of
// system time per event inserted.
const DefaultMallocConf = "dirty_decay_ms:0,muzzy_decay_ms:0"

// returnFreedMemory sets MallocConfEnv to DefaultMallocConf unless it is
// set already (a user's setting wins). It must run before libchdb is
// loaded. os.Setenv reaches the C environment the library reads in a cgo
// build and in a CGO_ENABLED=0 one (purego's runtime stands in for cgo's
// setenv) alike: 10 inserts of 5,000 rows left 82–97 MB of anonymous
// memory with it either way, 289 MB with the 10 s decays set instead.
func returnFreedMemory() {
	if _, set := os.LookupEnv(MallocConfEnv); !set {
		_ = os.Setenv(MallocConfEnv, DefaultMallocConf)
	}
}

// Name implements store.Engine.
func (e *Engine) Name() string { return "chdb" }

// Close implements store.Engine.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conn != nil {
		e.lib.closeConn(e.conn)
		e.conn = nil
	}
	return nil
}

// run executes one statement in the session and returns its output.
func (e *Engine) run(ctx context.Context, query, format string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conn == nil {
		return nil, errors.New("chembed: engine closed")
	}
	var out []byte
	if err := e.queryLocked(query, format, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (e *Engine) queryLocked(query, format string, out *[]byte) error {
	inner := *(*unsafe.Pointer)(e.conn)
	res := e.lib.query(inner, query, format)
	if res == nil {
		return nil
	}
	defer e.lib.destroyResult(res)
	if msg := e.lib.resultError(res); msg != "" {
		return fmt.Errorf("chdb: %s", strings.TrimSpace(msg))
	}
	if out != nil {
		n := e.lib.resultLength(res)
		if buf := e.lib.resultBuffer(res); buf != nil && n > 0 {
			*out = append([]byte(nil), unsafe.Slice((*byte)(buf), n)...)
		}
	}
	return nil
}

// Exec implements store.Engine.
func (e *Engine) Exec(ctx context.Context, query string, args ...any) error {
	q, err := store.Bind(query, args...)
	if err != nil {
		return err
	}
	_, err = e.run(ctx, q, "TSV")
	return err
}

// Query implements store.Engine.
func (e *Engine) Query(ctx context.Context, query string, args ...any) (*store.Result, error) {
	q, err := store.Bind(query, args...)
	if err != nil {
		return nil, err
	}
	out, err := e.run(ctx, q, "JSONCompact")
	if err != nil {
		return nil, err
	}
	return decodeJSONCompact(out)
}

func decodeJSONCompact(out []byte) (*store.Result, error) {
	res := &store.Result{}
	if len(strings.TrimSpace(string(out))) == 0 {
		return res, nil
	}
	var wire struct {
		Meta []store.Column `json:"meta"`
		Data [][]any        `json:"data"`
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	dec.UseNumber()
	if err := dec.Decode(&wire); err != nil {
		return nil, fmt.Errorf("chembed: decode result: %w", err)
	}
	rows, err := store.DecodeRows(wire.Meta, wire.Data)
	if err != nil {
		return nil, err
	}
	res.Columns, res.Rows = wire.Meta, rows
	if res.Columns == nil {
		res.Columns = []store.Column{}
	}
	return res, nil
}

// InsertEvents implements store.Engine: one INSERT with the explicit
// column list whose rows follow as JSONEachRow data (data, not SQL).
func (e *Engine) InsertEvents(ctx context.Context, events []schemas.DealEvent) error {
	// The insert's text and the blocks parsed from it live in this
	// process: at most maxInsertRows at a time bounds what an insert adds
	// to the RSS. (The sink checks before each attempt what is stored, so
	// a failure after some of the pieces is retried without doubles.)
	for len(events) > maxInsertRows {
		if err := e.insertEvents(ctx, events[:maxInsertRows]); err != nil {
			return err
		}
		events = events[maxInsertRows:]
	}
	return e.insertEvents(ctx, events)
}

// maxInsertRows is the most events one embedded insert carries.
const maxInsertRows = 1000

func (e *Engine) insertEvents(ctx context.Context, events []schemas.DealEvent) error {
	if len(events) == 0 {
		return nil
	}
	rows := make([]store.EventRow, len(events))
	for i, ev := range events {
		rows[i] = store.NewEventRow(ev)
	}
	data, err := store.JSONEachRow(rows)
	if err != nil {
		return fmt.Errorf("chembed: encode rows: %w", err)
	}
	q := "INSERT INTO events (" + store.EventColumns + ") FORMAT JSONEachRow\n" + string(data)
	if _, err := e.run(ctx, q, "TSV"); err != nil {
		return fmt.Errorf("chembed: insert %d events: %w", len(events), err)
	}
	return nil
}
