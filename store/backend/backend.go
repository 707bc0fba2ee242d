// Package backend picks the store engine from the environment: a
// ClickHouse server when CLICKHOUSE_ADDR is set, else chDB under
// DEALWATCH_DATA_DIR/chdb (default ./data/chdb). It also gives analyst
// tools a Querier that works while `dealwatch run` holds the chDB session.
package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chembed"
	"github.com/dealwatch/dealwatch/store/chserver"
)

// DefaultDataDir is used when DEALWATCH_DATA_DIR is not set.
const DefaultDataDir = "data"

// DataDir returns DEALWATCH_DATA_DIR or ./data.
func DataDir() string {
	if d := os.Getenv("DEALWATCH_DATA_DIR"); d != "" {
		return d
	}
	return DefaultDataDir
}

// Options say how to open the engine.
type Options struct {
	// DataDir holds chDB's data (DataDir/chdb) and run.addr; default DataDir().
	DataDir string
	// Server overrides the server settings read from the environment; its
	// Addr empty (and CLICKHOUSE_ADDR unset) means chDB.
	Server *chserver.Config
	// CreateDatabase creates the dealwatch database if needed (migrate, sink, run).
	CreateDatabase bool
}

// Embedded reports whether Open would use chDB.
func (o Options) Embedded() bool { return o.server().Addr == "" }

func (o Options) server() chserver.Config {
	if o.Server != nil {
		return *o.Server
	}
	return chserver.ConfigFromEnv()
}

func (o Options) dataDir() string {
	if o.DataDir != "" {
		return o.DataDir
	}
	return DataDir()
}

// Open opens the engine the options and environment select.
func Open(ctx context.Context, o Options) (store.Engine, error) {
	if !o.Embedded() {
		cfg := o.server()
		cfg.CreateDatabase = o.CreateDatabase
		return chserver.Open(ctx, cfg)
	}
	return chembed.Open(ctx, chembed.Config{
		Dir:            filepath.Join(o.dataDir(), "chdb"),
		Database:       os.Getenv("CLICKHOUSE_DATABASE"),
		CreateDatabase: o.CreateDatabase,
	})
}

// OpenQuerier returns what analyst tools query, always through the
// engine-enforced read-only path (store.ReadOnlyQuerier): the server when
// one is configured; else the query endpoint of the process that holds the
// chDB session (DataDir/run.json or run.addr, with its bearer token), when
// it answers; else chDB opened here. Close the returned closer when done.
func OpenQuerier(ctx context.Context, o Options) (store.Querier, io.Closer, error) {
	if o.Embedded() {
		if c, ok := store.EndpointClient(ctx, o.dataDir()); ok {
			return c, io.NopCloser(nil), nil
		}
		if _, err := os.Stat(filepath.Join(o.dataDir(), "chdb")); errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("no dealwatch data in %s: run `dealwatch run` or `dealwatch migrate` first, or set CLICKHOUSE_ADDR", o.dataDir())
		}
	}
	e, err := Open(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	ro, err := store.NewReadOnly(e)
	if err != nil {
		e.Close()
		return nil, nil, err
	}
	return ro, e, nil
}
