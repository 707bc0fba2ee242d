package extract_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/eval"
	"github.com/dealwatch/dealwatch/ingest/files"
)

// moduleRoot walks up from the package directory to the directory holding go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func evalDirs(t *testing.T, dirs ...string) eval.Counts {
	return evalDirsMisses(t, true, dirs...)
}

func evalDirsMisses(t *testing.T, showMisses bool, dirs ...string) eval.Counts {
	t.Helper()
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	var total eval.Counts
	for _, dir := range dirs {
		rep, err := eval.RunDir(context.Background(), dir, files.Load, x)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if showMisses {
			for _, m := range rep.Misses {
				t.Logf("%s %s %s", m.Kind, m.Article, m.Event)
			}
		}
		total = total.Add(rep.Counts)
	}
	t.Logf("articles=%d gold=%d tp=%d fp=%d fn=%d precision=%.3f recall=%.3f f1=%.3f action=%.3f direction=%.3f qualifier=%.3f",
		total.Articles, total.Gold, total.TruePositives, total.FalsePositives, total.FalseNegatives,
		total.Precision(), total.Recall(), total.F1(), total.ActionAccuracy(), total.DirectionAccuracy(), total.QualifierAccuracy())
	return total
}

func existing(t *testing.T, dirs ...string) []string {
	var out []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "gold.jsonl")); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// TestQualityCorpus holds the extractor to the quality bar (precision >= 0.90,
// recall >= 0.85 on type + parties, kind + amount for commitments) on the
// labelled articles in testdata/corpus/part1..part4. They were written by
// people who did not write the rules; each part was kept unseen until it was
// measured, then used to find classes of errors (never to recognise a text).
func TestQualityCorpus(t *testing.T) {
	root := moduleRoot(t)
	var dirs []string
	for _, p := range []string{"part1", "part2", "part3", "part4"} {
		dirs = append(dirs, filepath.Join(root, "testdata", "corpus", p))
	}
	if got := existing(t, dirs...); len(got) != len(dirs) {
		t.Fatalf("labelled corpus incomplete: found %v of %v", got, dirs)
	}
	c := evalDirsMisses(t, os.Getenv("DEALWATCH_SHOW_MISSES") != "", dirs...)
	if c.Articles < 60 {
		t.Fatalf("only %d labelled articles, want >= 60", c.Articles)
	}
	if c.Precision() < 0.90 || c.Recall() < 0.85 {
		t.Errorf("precision %.3f (want >= 0.90), recall %.3f (want >= 0.85)", c.Precision(), c.Recall())
	}
}

// TestQualityUnseen scores testdata/corpus/part5, which no rule was ever
// looked at or tuned against: its figures are the honest estimate of quality
// on new articles (see README; measured P 0.77 R 0.59 when it was written).
// Misses are never printed here so that the set stays unseen; the floor only
// guards against regressions.
func TestQualityUnseen(t *testing.T) {
	dir := filepath.Join(moduleRoot(t), "testdata", "corpus", "part5")
	if len(existing(t, dir)) == 0 {
		t.Fatalf("%s missing", dir)
	}
	c := evalDirsMisses(t, false, dir)
	if c.Precision() < 0.70 || c.Recall() < 0.50 {
		t.Errorf("unseen precision %.3f (floor 0.70), recall %.3f (floor 0.50)", c.Precision(), c.Recall())
	}
}

// TestQualityDev keeps the figures reached on the shared development corpus
// and the seed article (../shared beside the repository).
func TestQualityDev(t *testing.T) {
	shared := filepath.Join(moduleRoot(t), "..", "shared")
	dirs := existing(t, filepath.Join(shared, "corpus", "dev"), filepath.Join(shared, "seeds"))
	if len(dirs) == 0 {
		t.Skip("../shared (dev corpus, seeds) not present")
	}
	c := evalDirs(t, dirs...)
	if c.Precision() < 0.97 || c.Recall() < 0.97 {
		t.Errorf("dev precision %.3f, recall %.3f: want both >= 0.97 (reached 1.000 / 1.000)", c.Precision(), c.Recall())
	}
}

// TestQualityOwnCorpus scores the small corpus written for the extractor's tests.
func TestQualityOwnCorpus(t *testing.T) {
	c := evalDirs(t, filepath.Join("testdata", "corpus"))
	if c.Precision() < 0.95 || c.Recall() < 0.90 {
		t.Errorf("own corpus precision %.3f (want >= 0.95), recall %.3f (want >= 0.90)", c.Precision(), c.Recall())
	}
	if c.DirectionAccuracy() < 0.95 {
		t.Errorf("direction accuracy %.3f, want >= 0.95", c.DirectionAccuracy())
	}
}
