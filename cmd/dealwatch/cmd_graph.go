package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/alert/graph"
	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store/backend"
)

// runGraph renders the current alliance graph as SVG, PNG or an
// interactive HTML page, from ClickHouse (alliance_state and deals) or
// from an events JSONL file.
func runGraph(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "graph")
	fromEvents := fs.String("from-events", "", "build the graph from this events JSONL file (`dealwatch extract` output; - for stdin) instead of ClickHouse")
	out := fs.String("o", "-", "output file (.svg, .png or .html); - for stdout")
	format := fs.String("format", "", "svg, png or html (default: from -o's extension, else svg)")
	title := fs.String("title", "Alliances", "title drawn on the graph")
	dataDir := fs.String("data", backend.DataDir(), "data directory of the embedded chDB (env DEALWATCH_DATA_DIR)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = "svg"
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".png":
			f = "png"
		case ".html", ".htm":
			f = "html"
		}
	}
	if f != "svg" && f != "png" && f != "html" {
		return fmt.Errorf("%w: -format %q: want svg, png or html", errUsage, *format)
	}

	var alliances []deal.Alliance
	var deals []graph.DealInfo
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
		clustered := deal.Cluster(evs)
		alliances, deals = deal.Alliances(clustered), graph.FromDeals(clustered)
	} else {
		ctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		// The same backend as sql and timeline: CLICKHOUSE_ADDR, else the
		// query endpoint of a running `dealwatch run`, else chDB here.
		q, closer, err := backend.OpenQuerier(ctx, backend.Options{DataDir: *dataDir})
		if err != nil {
			return err
		}
		defer closer.Close()
		if alliances, err = graph.QueryAlliances(ctx, q); err != nil {
			return err
		}
		if deals, err = graph.QueryDeals(ctx, q); err != nil {
			return err
		}
	}
	names, err := orgNames()
	if err != nil {
		return err
	}
	g := graph.New(alliances, graph.Options{Title: *title, OrgName: names, Deals: deals})
	var buf bytes.Buffer
	switch f {
	case "png":
		err = g.PNG(&buf)
	case "html":
		err = g.HTML(&buf)
	default:
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

// orgNames returns the gazetteer's organisation name for an id, so an
// organisation reported under a product or cloud ("Amazon Web Services",
// "Google Cloud") is drawn as the organisation.
func orgNames() (func(string) string, error) {
	x, err := extract.New()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	gaz := x.Gazetteer()
	return func(id string) string {
		if o, ok := gaz.Org(id); ok {
			return o.Name
		}
		return ""
	}, nil
}
