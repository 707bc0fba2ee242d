// Package store keeps dealwatch's deal events in ClickHouse: the engine
// abstraction (a real server over the native protocol in store/chserver, or
// chDB in-process in store/chembed), the goose migrations runner, the
// batching Kafka sink, analyst queries (timeline, read-only SQL) and a
// loopback HTTP query endpoint that lets `dealwatch sql` reach the chDB
// session held by `dealwatch run`.
//
// Every statement here uses unqualified table names: each engine is opened
// on the dealwatch database (CLICKHOUSE_DATABASE, default "dealwatch"), so
// tests can run side by side in databases of their own. Views are qualified
// by the server when they are created, on both 18.16 and 26.x.
package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// DefaultDatabase is the database analysts rely on.
const DefaultDatabase = "dealwatch"

// Sentinel errors.
var (
	// ErrReadOnly is wrapped with the reason when the read-only query path
	// (the query endpoint, `dealwatch sql`) refuses a statement.
	ErrReadOnly = errors.New("store: read-only query refused")
	// ErrBind is returned when query arguments do not match the placeholders.
	ErrBind = errors.New("store: bad query arguments")
	// ErrBadDatabase is returned for a database name that is not a plain identifier.
	ErrBadDatabase = errors.New("store: database name must match [A-Za-z_][A-Za-z0-9_]*")
)

// Engine is one ClickHouse engine opened on the dealwatch database.
//
// Queries take positional arguments: `?` (or `$1`, `$2`, ...) placeholders
// outside string literals are replaced by properly quoted literals, so no
// caller ever pastes input into SQL.
type Engine interface {
	// Name is "clickhouse" (a server) or "chdb" (embedded).
	Name() string
	// Exec runs a statement that returns no rows (DDL, INSERT ... SELECT).
	Exec(ctx context.Context, query string, args ...any) error
	// Query runs a statement and returns its whole result.
	Query(ctx context.Context, query string, args ...any) (*Result, error)
	// InsertEvents inserts events into the events table with an explicit
	// column list; it returns only after the engine acknowledged the rows.
	InsertEvents(ctx context.Context, events []schemas.DealEvent) error
	// Close releases the engine.
	Close() error
}

// Querier is the read side every analyst tool needs; the HTTP client
// implements it as well as the engines.
type Querier interface {
	Query(ctx context.Context, query string, args ...any) (*Result, error)
}

// Column is a result column.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Result is a query result. Values are normalised, whatever the engine:
// nil, string, int64, uint64, float64, bool, time.Time (UTC) or []any.
type Result struct {
	Columns []Column `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// Col returns the index of the named column, or -1.
func (r *Result) Col(name string) int {
	for i, c := range r.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Maps returns the rows as column-name → value maps.
func (r *Result) Maps() []map[string]any {
	out := make([]map[string]any, len(r.Rows))
	for i, row := range r.Rows {
		m := make(map[string]any, len(r.Columns))
		for j, c := range r.Columns {
			if j < len(row) {
				m[c.Name] = row[j]
			}
		}
		out[i] = m
	}
	return out
}

var dbNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// CheckDatabase validates a database name: it is the one identifier the
// engines put into SQL themselves (CREATE DATABASE, USE).
func CheckDatabase(name string) error {
	if !dbNameRE.MatchString(name) {
		return fmt.Errorf("%w: %q", ErrBadDatabase, name)
	}
	return nil
}

// DateTimeLayout is how DateTime values travel as text.
const DateTimeLayout = "2006-01-02 15:04:05"

// utc returns t truncated to the second in UTC (ClickHouse DateTime).
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
