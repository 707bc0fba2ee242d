package main

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

// The generated articles are 600–900 words, distinct, the same for the
// same seed, and give the extractor work (deal events in many of them).
func TestGenerateArticles(t *testing.T) {
	texts, err := loadCorpusTexts([]string{"../../testdata/corpus"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := newBenchText(texts)
	if err != nil {
		t.Fatal(err)
	}
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	arts := generateArticles(g, 200, 7, end)
	again := generateArticles(g, 200, 7, end)
	other := generateArticles(g, 1, 8, end)
	if other[0].Text == arts[0].Text {
		t.Error("another seed gives the same text")
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	ids, withEvents := map[string]bool{}, 0
	for i, a := range arts {
		if n := len(strings.Fields(a.Text)); n < 600 || n > 900 {
			t.Errorf("article %d: %d words", i, n)
		}
		if a.Text != again[i].Text || a.ID != again[i].ID {
			t.Errorf("article %d differs between two runs with one seed", i)
		}
		if ids[a.ID] || ids[a.Text] {
			t.Errorf("article %d repeats an id or a text", i)
		}
		ids[a.ID], ids[a.Text] = true, true
		if a.PublishedAt == nil || a.PublishedAt.After(end) || a.PublishedAt.Before(end.AddDate(-2, 0, 0)) || a.ContentHash == "" || a.Title == "" {
			t.Errorf("article %d: published %v, hash %q, title %q", i, a.PublishedAt, a.ContentHash, a.Title)
		}
		evs, err := x.Extract(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) > 0 {
			withEvents++
		}
	}
	if withEvents < len(arts)/4 {
		t.Errorf("only %d of %d generated articles have deal events", withEvents, len(arts))
	}
}

// TestBenchArchive runs `dealwatch bench-archive` small (embedded Kafka,
// chDB): every article archived and re-extracted, the dropped type added
// back by reextract, provenance showing both versions.
func TestBenchArchive(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := helperCmd(t, ctx, "main", []string{"bench-archive", "-n", "120", "-corpus", "../../testdata/corpus"}).Output()
	if err != nil {
		t.Fatalf("bench-archive: %v\n%s", err, out)
	}
	s := string(out)
	m := regexp.MustCompile(`archive on disk: (\d+) bytes for 120 rows = (\d+) bytes/article`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no archive figure:\n%s", s)
	}
	if per, _ := strconv.Atoi(m[2]); per < 200 || per > 20000 {
		t.Errorf("%d bytes/article is no archive of 600–900-word articles:\n%s", per, s)
	}
	if !regexp.MustCompile(`reextract: +120 articles in .* = \d+ articles/s`).MatchString(s) {
		t.Errorf("no reextract figure:\n%s", s)
	}
	added := regexp.MustCompile(`event rows written: (\d+) new or changed, 0 retractions; (\d+) live events left alone`).FindStringSubmatch(s)
	if added == nil || added[1] == "0" || added[2] == "0" {
		t.Errorf("reextract added nothing or changed everything:\n%s", s)
	}
	if !strings.Contains(s, extract.Version+": ") || !strings.Contains(s, benchOldVersion+": ") {
		t.Errorf("provenance does not show both versions:\n%s", s)
	}
}
