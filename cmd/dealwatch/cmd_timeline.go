package main

import (
	"context"
	"fmt"
	"time"

	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
)

// runTimeline prints the deal timeline, optionally for one organisation.
func runTimeline(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "timeline")
	org := fs.String("org", "", "only events naming this organisation id (e.g. openai, amazon, microsoft)")
	since := fs.String("since", "", "only events on or after this date (YYYY-MM-DD or RFC 3339)")
	limit := fs.Int("limit", 0, "print at most this many events (0: all)")
	format := fs.String("format", store.FormatTable, "output: table, tsv or json (one object per line)")
	dataDir := fs.String("data", backend.DataDir(), "data directory of the embedded chDB (env DEALWATCH_DATA_DIR)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	maxCell := fs.Int("max-cell", 60, "table format: cut cells longer than this many characters (0: never)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	f := store.TimelineFilter{Org: *org, Limit: *limit}
	if *since != "" {
		t, err := timelineParseDate(*since)
		if err != nil {
			return fmt.Errorf("%w: -since: %w", errUsage, err)
		}
		f.Since = t
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
	res, err := store.Timeline(ctx, q, f)
	if err != nil {
		return err
	}
	return store.WriteResult(env.stdout, res, *format, *maxCell)
}

func timelineParseDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02 15:04:05", "2006-01"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date (YYYY-MM-DD)", s)
}
