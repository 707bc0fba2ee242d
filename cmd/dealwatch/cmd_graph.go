package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/alert/graph"
	"github.com/dealwatch/dealwatch/schemas"
)

// runGraph renders the current alliance graph as SVG or PNG, from
// ClickHouse's alliance_state or from an events JSONL file.
func runGraph(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "graph")
	fromEvents := fs.String("from-events", "", "build the graph from this events JSONL file (`dealwatch extract` output; - for stdin) instead of ClickHouse")
	out := fs.String("o", "-", "output file (.svg or .png); - for stdout")
	format := fs.String("format", "", "svg or png (default: from -o's extension, else svg)")
	title := fs.String("title", "Alliances", "title drawn on the graph")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = "svg"
		if strings.EqualFold(filepath.Ext(*out), ".png") {
			f = "png"
		}
	}
	if f != "svg" && f != "png" {
		return fmt.Errorf("%w: -format %q: want svg or png", errUsage, *format)
	}

	var alliances []deal.Alliance
	if *fromEvents != "" {
		v, err := schemas.NewValidator()
		if err != nil {
			return err
		}
		var r io.Reader = env.stdin
		if *fromEvents != "-" {
			fh, err := os.Open(*fromEvents)
			if err != nil {
				return fmt.Errorf("%w: %w", errUsage, err)
			}
			defer fh.Close()
			r = fh
		}
		evs, err := deal.ReadEvents(r, v)
		if err != nil {
			return fmt.Errorf("%s: %w", *fromEvents, err)
		}
		alliances = deal.Alliances(deal.Cluster(evs))
	} else {
		q, closeQ, err := graphQuerier(ctx)
		if err != nil {
			return err
		}
		defer closeQ()
		if alliances, err = graph.QueryAlliances(ctx, q); err != nil {
			return err
		}
	}
	g := graph.Build(alliances, *title)
	var buf bytes.Buffer
	var err error
	if f == "png" {
		err = g.PNG(&buf)
	} else {
		err = g.SVG(&buf)
	}
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = env.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	env.log.Info("graph written", "file", *out, "format", f, "organisations", len(g.Nodes), "edges", len(g.Edges))
	return nil
}
