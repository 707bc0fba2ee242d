package eval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// countingExtractor records which articles it was asked about.
type countingExtractor struct{ texts []string }

func (c *countingExtractor) Extract(_ context.Context, a schemas.Article) ([]schemas.DealEvent, error) {
	c.texts = append(c.texts, a.Text)
	return nil, nil
}

func loadText(path string) (schemas.Article, error) {
	b, err := os.ReadFile(path)
	return schemas.Article{Text: string(b)}, err
}

// TestRunCorpusTextsAndFolds: texts come from the cache directory, only the
// chosen folds are scored, and a missing text is ErrNoText.
func TestRunCorpusTextsAndFolds(t *testing.T) {
	gold, texts := t.TempDir(), t.TempDir()
	lines := `{"id":"r1","file":"r1.txt","fold":"a","events":[{"type":"partnership","action":"formed","parties":["x","y"]}]}
{"id":"r2","file":"r2.txt","fold":"b","events":[]}
{"id":"r3","file":"r3.txt","fold":"b","events":[]}
`
	if err := os.WriteFile(filepath.Join(gold, "gold.jsonl"), []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"r1", "r2", "r3"} {
		if err := os.WriteFile(filepath.Join(texts, id+".txt"), []byte("text of "+id), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	x := &countingExtractor{}
	rep, err := RunCorpus(context.Background(), gold, Options{TextDir: texts, Folds: []string{"b"}}, loadText, x)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts.Articles != 2 || len(x.texts) != 2 || x.texts[0] != "text of r2" {
		t.Fatalf("fold b: articles=%d texts=%q", rep.Counts.Articles, x.texts)
	}
	rep, err = RunCorpus(context.Background(), gold, Options{TextDir: texts, Folds: []string{"a"}}, loadText, &countingExtractor{})
	if err != nil || rep.Counts.Articles != 1 || rep.Counts.FalseNegatives != 1 {
		t.Fatalf("fold a: %+v, %v", rep.Counts, err)
	}
	if err := os.Remove(filepath.Join(texts, "r3.txt")); err != nil {
		t.Fatal(err)
	}
	if _, err := RunCorpus(context.Background(), gold, Options{TextDir: texts}, loadText, &countingExtractor{}); !errors.Is(err, ErrNoText) {
		t.Fatalf("missing text: err = %v, want ErrNoText", err)
	}
	if _, err := RunDir(context.Background(), gold, loadText, &countingExtractor{}); !errors.Is(err, ErrNoText) {
		t.Fatalf("texts not beside gold: err = %v, want ErrNoText", err)
	}
}
