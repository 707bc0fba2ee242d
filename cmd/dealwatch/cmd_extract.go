package main

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"time"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
)

// runExtract prints the deal events of article files as JSON lines on
// stdout ("-" reads stdin). With --bench DIR it measures extraction speed on
// the articles in DIR instead.
func runExtract(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "extract")
	bench := fs.String("bench", "", "benchmark extraction on the articles in `DIR` (prints articles/s and allocations)")
	benchTime := fs.Duration("benchtime", 3*time.Second, "how long --bench runs")
	rumoured := fs.Bool("rumoured", false, "also print rumoured events (modality rumoured, confidence <= 0.4)")
	validate := fs.Bool("validate", true, "validate every event against deal_event.v1.json before printing")
	var xc extractorConfig
	xc.flags(fs)
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	x, err := xc.build(extract.Options{IncludeRumoured: *rumoured})
	if err != nil {
		return err
	}
	if *bench != "" {
		return runExtractBench(ctx, env, x.Extractor, *bench, *benchTime)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no input file given", errUsage)
	}
	var v *schemas.Validator
	if *validate {
		if v, err = schemas.NewValidator(); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(env.stdout)
	failed := 0
	for _, path := range fs.Args() {
		var a schemas.Article
		if path == "-" {
			a, err = files.LoadReader("-", env.stdin)
		} else {
			a, err = files.Load(path)
		}
		if err != nil {
			env.log.Error("unreadable input", "file", path, "err", err)
			failed++
			continue
		}
		events, err := x.Extract(ctx, a)
		if err != nil {
			env.log.Error("extraction failed", "file", path, "err", err)
			failed++
			continue
		}
		for _, e := range events {
			if v != nil {
				if err := v.CheckDealEvent(e); err != nil {
					return fmt.Errorf("%s: event does not match the schema: %w", path, err)
				}
			}
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
		env.log.Debug("extracted", "file", path, "events", len(events))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs could not be read or extracted (see log)", failed, fs.NArg())
	}
	return nil
}

func runExtractBench(ctx context.Context, env *cliEnv, x *extract.Extractor, dir string, d time.Duration) error {
	paths, err := files.Walk([]string{dir})
	if err != nil {
		return err
	}
	var arts []schemas.Article
	words := 0
	for _, p := range paths {
		a, err := files.Load(p)
		if err != nil {
			env.log.Warn("skipping unreadable article", "file", p, "err", err)
			continue
		}
		arts = append(arts, a)
		words += countWords(a.Text)
	}
	if len(arts) == 0 {
		return fmt.Errorf("%w: no readable articles in %s", errUsage, dir)
	}
	res := extract.Bench(ctx, x, arts, d)
	fmt.Fprintf(env.stdout, "articles=%d avg_words=%d runs=%d events=%d\n", len(arts), words/len(arts), res.Articles, res.Events)
	fmt.Fprintf(env.stdout, "articles/s per core: %.0f  (%.3f ms/article, %d allocs/article, %d bytes/article, GOMAXPROCS=%d, single goroutine)\n",
		res.PerSecond(), res.MillisPerArticle(), res.AllocsPerArticle(), res.BytesPerArticle(), runtime.GOMAXPROCS(0))
	return nil
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		sp := r == ' ' || r == '\n' || r == '\t' || r == '\r'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}
