package reader

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead: any input gives either a Page with valid UTF-8, non-empty,
// normalised text, or an error wrapping ErrUnreadable. Never a panic.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, p := range files {
		if raw, err := os.ReadFile(p); err == nil {
			f.Add(filepath.Base(p), raw)
		}
	}
	f.Add("a.txt", []byte("Title\n\nBody"))
	f.Add("a.html", []byte("<html><body><div><div><b><i><p>x</b></i></div>"))
	f.Add("a.html", []byte(`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","author":[1,{"name":2}]}]}</script><p>t</p>`))
	f.Fuzz(func(t *testing.T, name string, raw []byte) {
		p, err := Read(name, raw)
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("error does not wrap ErrUnreadable: %v", err)
			}
			return
		}
		if p.Text == "" {
			t.Fatal("empty text without error")
		}
		for _, s := range []string{p.Text, p.Title, p.Author, p.Language, p.SiteName, p.CanonicalURL} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		if strings.Contains(p.Text, "\n\n") || strings.Contains(p.Text, "  ") || strings.TrimSpace(p.Text) != p.Text {
			t.Fatalf("text not normalised: %q", p.Text)
		}
	})
}
