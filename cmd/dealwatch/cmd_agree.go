package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/eval"
)

// runAgree scores a second, independent labelling of some articles against
// the first: how far two careful labellers following extract/LABELING.md agree,
// which bounds what any extractor can score against one of them.
func runAgree(_ context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "agree")
	verbose := fs.Bool("v", false, "list the events only one labeller gave")
	rawIDs := fs.Bool("raw-ids", false, "match organisation ids as written, without mapping each organisation's spellings to one id")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return fmt.Errorf("%w: want FIRST and SECOND label files (gold.jsonl lines, or directories holding gold.jsonl)", errUsage)
	}
	sets := make([][]eval.Article, 2)
	for i, path := range fs.Args() {
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			path = filepath.Join(path, "gold.jsonl")
		}
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		sets[i], err = eval.ParseGold(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("agree %s: %w", path, err)
		}
	}
	var canon func(string) string
	if !*rawIDs {
		x, err := extract.NewWithOptions(extract.Options{NoFilter: true})
		if err != nil {
			return fmt.Errorf("build extractor: %w", err)
		}
		canon = x.Gazetteer().CanonicalID
	}
	c, misses, err := eval.Agreement(sets[0], sets[1], canon)
	if err != nil {
		return fmt.Errorf("agree: %w", err)
	}
	printCounts(env, "second labeller against the first", c)
	if *verbose {
		for _, m := range misses {
			fmt.Fprintf(env.stdout, "    %-14s %s  %s\n", m.Kind, m.Article, m.Event)
		}
	}
	return nil
}
