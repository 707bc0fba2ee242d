package main

import (
	"context"
	"fmt"
	"time"

	"github.com/dealwatch/dealwatch/store"
)

// runTimeline prints the deal timeline, optionally for one organisation.
func runTimeline(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "timeline")
	org := fs.String("org", "", "only events naming this organisation id (e.g. openai, amazon, microsoft)")
	since := fs.String("since", "", "only events on or after this date (YYYY-MM-DD or RFC 3339)")
	limit := fs.Int("limit", 0, "print at most this many events (0: all)")
	out := sqlOutputFlags(fs, 0)
	if err := parseArgs(fs, args); err != nil {
		return err
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
	return out.run(ctx, env, func(ctx context.Context, q store.Querier) (*store.Result, error) {
		return store.Timeline(ctx, q, f)
	})
}

func timelineParseDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02 15:04:05", "2006-01"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date (YYYY-MM-DD)", s)
}
