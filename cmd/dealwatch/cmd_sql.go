package main

import (
	"context"
	"errors"
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
	if err := parseArgs(fs, args); err != nil {
		return err
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
	return out.run(ctx, env, func(ctx context.Context, q store.Querier) (*store.Result, error) {
		res, err := q.Query(ctx, query)
		if errors.Is(err, store.ErrReadOnly) {
			return nil, fmt.Errorf("%w: %w", errUsage, err)
		}
		return res, err
	})
}

// sqlOutput holds the flags sql and timeline share: where the data is,
// how long to wait and how to print the result.
type sqlOutput struct {
	format, dataDir *string
	timeout         *time.Duration
	maxCell         *int
	// terminalView, when set, reshapes the result for a table on a
	// terminal (width columns); every other output gets the result whole.
	terminalView func(r *store.Result, width int) *store.Result
}

// sqlOutputFlags defines -format, -data, -timeout and -max-cell on fs;
// maxCell is the default of -max-cell.
func sqlOutputFlags(fs *flag.FlagSet, maxCell int) *sqlOutput {
	return &sqlOutput{
		format:  fs.String("format", store.FormatTable, "output: table (fitted to a terminal, else whole), tsv, csv or json (one object per line)"),
		dataDir: fs.String("data", backend.DataDir(), "data directory of the embedded chDB (env DEALWATCH_DATA_DIR)"),
		timeout: fs.Duration("timeout", 5*time.Minute, "give up after this long"),
		maxCell: fs.Int("max-cell", maxCell, "table format: cut cells longer than this many characters (0: only to fit a terminal)"),
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
	if width, tty := terminalWidth(env.stdout); tty && o.terminalView != nil && (*o.format == store.FormatTable || *o.format == "") {
		res = o.terminalView(res, width)
	}
	return writeResult(env.stdout, res, *o.format, *o.maxCell)
}

func sqlCheckFormat(f string) error {
	return checkFormat(f)
}
