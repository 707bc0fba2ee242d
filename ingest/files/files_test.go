package files

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/ingest/reader"
	"github.com/dealwatch/dealwatch/ingest/simhash"
	"github.com/dealwatch/dealwatch/schemas"
)

func validator(t *testing.T) *schemas.Validator {
	t.Helper()
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLoadWithSidecar(t *testing.T) {
	a, err := Load("testdata/plain.txt")
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat("testdata/plain.txt")
	want := schemas.Article{
		SchemaVersion: schemas.ArticleVersion,
		ID:            schemas.ArticleID("https://news.example/aster-larch"),
		URL:           "https://news.example/aster-larch",
		Source:        "example-wire",
		Title:         "Aster Cloud lands $3 billion deal with Larch AI",
		Text:          "Larch AI will spend $3 billion on Aster Cloud over five years.\nThe deal is not exclusive.",
		FetchedAt:     st.ModTime().UTC(),
	}
	if a.ID != want.ID || a.URL != want.URL || a.Source != want.Source || a.Title != want.Title || a.Text != want.Text ||
		a.SchemaVersion != want.SchemaVersion || !a.FetchedAt.Equal(want.FetchedAt) || a.FetchedAt.Location() != time.UTC {
		t.Errorf("got %+v\nwant %+v", a, want)
	}
	if a.PublishedAt == nil || a.PublishedAt.Format(time.RFC3339) != "2026-04-01T00:00:00Z" {
		t.Errorf("PublishedAt = %v", a.PublishedAt)
	}
	if a.ContentHash != simhash.ContentHash(a.Text) || len(a.ContentHash) != 64 {
		t.Errorf("ContentHash = %q", a.ContentHash)
	}
	if h, err := simhash.Parse(a.Simhash); err != nil || h != simhash.Sum64(a.Text) {
		t.Errorf("Simhash = %q", a.Simhash)
	}
	if err := validator(t).CheckArticle(a); err != nil {
		t.Error(err)
	}
	again, _ := Load("testdata/plain.txt")
	if again.ID != a.ID || !again.FetchedAt.Equal(a.FetchedAt) || again.Text != a.Text || again.Simhash != a.Simhash {
		t.Error("loading twice differs")
	}
}

func TestLoadHTMLWithMetaSidecar(t *testing.T) {
	a, err := Load("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("testdata/page.html")
	if a.URL != "file://"+abs || a.ID != schemas.ArticleID(a.URL) {
		t.Errorf("URL = %q, ID = %q", a.URL, a.ID)
	}
	if a.Source != "cloud-desk" || a.Title != "Kestrel expands with Northwind" || a.Language != "en" {
		t.Errorf("source/title/lang = %q / %q / %q", a.Source, a.Title, a.Language)
	}
	if a.Text != "Kestrel and Northwind expanded their partnership on Tuesday to cover GPU capacity in Europe.\nTerms were not disclosed." {
		t.Errorf("Text = %q", a.Text)
	}
	// The sidecar's date wins over the page's.
	if a.PublishedAt == nil || a.PublishedAt.Format(time.RFC3339) != "2025-05-07T06:30:00Z" {
		t.Errorf("PublishedAt = %v", a.PublishedAt)
	}
	if err := validator(t).CheckArticle(a); err != nil {
		t.Error(err)
	}
}

func TestLoadPageDateWithoutSidecar(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.html")
	raw, _ := os.ReadFile("testdata/page.html")
	if err := os.WriteFile(p, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if a.PublishedAt == nil || a.PublishedAt.Format(time.RFC3339) != "2025-05-06T10:00:00Z" || a.Source != "Cloud Desk" {
		t.Errorf("PublishedAt = %v, Source = %q", a.PublishedAt, a.Source)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load("testdata/badside.txt"); !errors.Is(err, ErrSidecar) {
		t.Errorf("bad sidecar date: err = %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "b.txt")
	os.WriteFile(bin, []byte("\x00\x01\x02binary"), 0o644)
	if _, err := Load(bin); !errors.Is(err, reader.ErrUnreadable) {
		t.Errorf("binary: err = %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: err = %v", err)
	}
	bad := filepath.Join(dir, "c.txt")
	os.WriteFile(bad, []byte("T\n\nbody"), 0o644)
	os.WriteFile(bad+".json", []byte("{not json"), 0o644)
	if _, err := Load(bad); !errors.Is(err, ErrSidecar) {
		t.Errorf("malformed sidecar: err = %v", err)
	}
}

func TestLoadReader(t *testing.T) {
	a, err := LoadReader("-", strings.NewReader("Stdin headline\n\nStdin body."))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.URL, "urn:dealwatch:stdin:") || a.ID != schemas.ArticleID(a.URL) || a.Title != "Stdin headline" || a.Text != "Stdin body." {
		t.Errorf("got %+v", a)
	}
	b, _ := LoadReader("-", strings.NewReader("Other\n\nOther body."))
	if b.ID == a.ID {
		t.Error("different stdin articles share an id")
	}
	if err := validator(t).CheckArticle(a); err != nil {
		t.Error(err)
	}
	h, err := LoadReader("x.html", strings.NewReader("<p>Hello page</p>"))
	if err != nil || h.Text != "Hello page" || !strings.HasPrefix(h.URL, "file:///") {
		t.Errorf("html reader: %+v %v", h, err)
	}
	if _, err := LoadReader("-", strings.NewReader("")); !errors.Is(err, reader.ErrUnreadable) {
		t.Errorf("empty stdin: %v", err)
	}
}

func TestWalk(t *testing.T) {
	got, err := Walk([]string{"testdata", "testdata/plain.txt", "-", "testdata/sub/notes.md"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"testdata/badside.txt", "testdata/page.html", "testdata/plain.txt", "testdata/sub/b.TXT", "-", "testdata/sub/notes.md"}
	for i := range want {
		want[i] = filepath.FromSlash(want[i])
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Walk = %v\nwant %v", got, want)
	}
	if _, err := Walk([]string{"testdata/nope"}); err == nil {
		t.Error("missing path accepted")
	}
}
