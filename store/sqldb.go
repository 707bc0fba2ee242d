package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

// SQLDB exposes an Engine as a *sql.DB, so that tools written against
// database/sql (goose) run on both engines through one code path. It has
// no transactions: Begin returns a no-op transaction, as ClickHouse has
// none for DDL either.
func SQLDB(e Engine) *sql.DB { return sql.OpenDB(&sqlConnector{e: e}) }

type sqlConnector struct{ e Engine }

func (c *sqlConnector) Connect(context.Context) (driver.Conn, error) { return &sqlConn{e: c.e}, nil }
func (c *sqlConnector) Driver() driver.Driver                        { return sqlDriver{} }

type sqlDriver struct{}

func (sqlDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("store: open the engine and use SQLDB")
}

type sqlConn struct{ e Engine }

var (
	_ driver.ExecerContext  = (*sqlConn)(nil)
	_ driver.QueryerContext = (*sqlConn)(nil)
)

func (c *sqlConn) Prepare(query string) (driver.Stmt, error) {
	return &sqlStmt{c: c, q: query}, nil
}
func (c *sqlConn) Close() error              { return nil }
func (c *sqlConn) Begin() (driver.Tx, error) { return sqlTx{}, nil }

func namedArgs(args []driver.NamedValue) ([]any, error) {
	out := make([]any, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, fmt.Errorf("%w: named argument %s", ErrBind, a.Name)
		}
		out[i] = a.Value
	}
	return out, nil
}

func (c *sqlConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	a, err := namedArgs(args)
	if err != nil {
		return nil, err
	}
	if err := c.e.Exec(ctx, query, a...); err != nil {
		return nil, err
	}
	return driver.RowsAffected(0), nil
}

func (c *sqlConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	a, err := namedArgs(args)
	if err != nil {
		return nil, err
	}
	res, err := c.e.Query(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	return &sqlRows{r: res}, nil
}

type sqlTx struct{}

func (sqlTx) Commit() error   { return nil }
func (sqlTx) Rollback() error { return nil }

type sqlStmt struct {
	c *sqlConn
	q string
}

func (s *sqlStmt) Close() error  { return nil }
func (s *sqlStmt) NumInput() int { return -1 }
func (s *sqlStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.c.ExecContext(context.Background(), s.q, values(args))
}
func (s *sqlStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.c.QueryContext(context.Background(), s.q, values(args))
}

func values(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

type sqlRows struct {
	r *Result
	i int
}

func (r *sqlRows) Columns() []string {
	out := make([]string, len(r.r.Columns))
	for i, c := range r.r.Columns {
		out[i] = c.Name
	}
	return out
}
func (r *sqlRows) Close() error { return nil }
func (r *sqlRows) Next(dest []driver.Value) error {
	if r.i >= len(r.r.Rows) {
		return io.EOF
	}
	row := r.r.Rows[r.i]
	r.i++
	for i := range dest {
		switch v := row[i].(type) {
		case uint64:
			if v > 1<<63-1 {
				dest[i] = fmt.Sprint(v)
			} else {
				dest[i] = int64(v)
			}
		case []any:
			dest[i] = fmt.Sprint(v)
		default:
			dest[i] = v
		}
	}
	return nil
}
