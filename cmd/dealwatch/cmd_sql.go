package main

import (
	"context"
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
	format := fs.String("format", store.FormatTable, "output: table, tsv or json (one object per line)")
	dataDir := fs.String("data", backend.DataDir(), "data directory of the embedded chDB (env DEALWATCH_DATA_DIR)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	maxCell := fs.Int("max-cell", 0, "table format: cut cells longer than this many characters (0: never)")
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
	if err := sqlCheckFormat(*format); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	q, closer, err := backend.OpenQuerier(ctx, backend.Options{DataDir: *dataDir})
	if err != nil {
		return err
	}
	defer closer.Close()
	res, err := q.Query(ctx, query)
	if err != nil {
		return err
	}
	return store.WriteResult(env.stdout, res, *format, *maxCell)
}

func sqlCheckFormat(f string) error {
	switch f {
	case store.FormatTable, store.FormatTSV, store.FormatJSON:
		return nil
	}
	return fmt.Errorf("%w: %w: %q", errUsage, store.ErrFormat, f)
}
