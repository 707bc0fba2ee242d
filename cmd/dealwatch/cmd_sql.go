package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
)

// runSQL runs one read-only query and prints the result.
func runSQL(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "sql")
	out := sqlOutputFlags(fs, 0)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "usage: dealwatch sql [flags] \"SELECT ...\"   (or - to read the query from stdin)\n\nRuns one SELECT/WITH/SHOW/DESCRIBE/EXPLAIN on the dealwatch database: CLICKHOUSE_ADDR if set,\nelse the query endpoint of a running `dealwatch run`, else chDB under -data.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	query := strings.Join(fs.Args(), " ")
	if query == "-" {
		raw, err := io.ReadAll(env.stdin)
		if err != nil {
			return err
		}
		query = string(raw)
	}
	if strings.TrimSpace(query) == "" {
		return fmt.Errorf("%w: no query", errUsage)
	}
	if err := store.CheckReadOnly(query); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	return out.run(ctx, env, func(ctx context.Context, q store.Querier) (*store.Result, error) {
		return q.Query(ctx, query)
	})
}

// sqlOutput holds the flags sql and timeline share: where the data is,
// how long to wait and how to print the result.
type sqlOutput struct {
	format, dataDir *string
	timeout         *time.Duration
	maxCell         *int
}

// sqlOutputFlags defines -format, -data, -timeout and -max-cell on fs;
// maxCell is the default of -max-cell.
func sqlOutputFlags(fs *flag.FlagSet, maxCell int) *sqlOutput {
	return &sqlOutput{
		format:  fs.String("format", store.FormatTable, "output: table, tsv or json (one object per line)"),
		dataDir: fs.String("data", backend.DataDir(), "data directory of the embedded chDB (env DEALWATCH_DATA_DIR)"),
		timeout: fs.Duration("timeout", 5*time.Minute, "give up after this long"),
		maxCell: fs.Int("max-cell", maxCell, "table format: cut cells longer than this many characters (0: never)"),
	}
}

// run checks -format, opens what analysts query (backend.OpenQuerier)
// within -timeout, runs query on it and prints the result to env.stdout.
func (o *sqlOutput) run(ctx context.Context, env *cliEnv, query func(context.Context, store.Querier) (*store.Result, error)) error {
	if err := sqlCheckFormat(*o.format); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *o.timeout)
	defer cancel()
	q, closer, err := backend.OpenQuerier(ctx, backend.Options{DataDir: *o.dataDir})
	if err != nil {
		return err
	}
	defer closer.Close()
	res, err := query(ctx, q)
	if err != nil {
		return err
	}
	return store.WriteResult(env.stdout, res, *o.format, *o.maxCell)
}

func sqlCheckFormat(f string) error {
	switch f {
	case store.FormatTable, store.FormatTSV, store.FormatJSON:
		return nil
	}
	return fmt.Errorf("%w: %w: %q", errUsage, store.ErrFormat, f)
}
