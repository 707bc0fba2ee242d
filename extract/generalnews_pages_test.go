package extract_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/ingest/files"
)

// maxGeneralNewsEvents is the standing precision check on general news:
// the dev half of the public article-extraction benchmark (91 news and
// blog pages, none about an AI-cloud deal) gives at most this many events.
// Today: 1, a real partnership between two organisations (Ascom and
// Dräger). Any event above it is a false deal from general news.
const maxGeneralNewsEvents = 1

func TestGeneralNewsPagesGiveFewEvents(t *testing.T) {
	dir := os.Getenv("ARTICLE_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "bench", "article-extraction", "dev")
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	if len(pages) == 0 {
		t.Skipf("article-extraction dev pages not found in %s", dir)
	}
	sort.Strings(pages)
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pages {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		a, err := files.LoadReader(strings.TrimSuffix(filepath.Base(p), ".gz"), bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		evs, err := x.Extract(context.Background(), a)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, e := range evs {
			got = append(got, filepath.Base(p)[:8]+" "+e.Type+" "+strings.Join(e.PartyIDs(), ",")+": "+e.Evidence.Sentence)
		}
	}
	t.Logf("%d pages, %d events", len(pages), len(got))
	for _, g := range got {
		t.Log("  " + g)
	}
	if len(got) > maxGeneralNewsEvents {
		t.Errorf("general news gave %d events, at most %d expected (each one listed above)", len(got), maxGeneralNewsEvents)
	}
}
