// Package benchset reads the dev half of the public article-extraction
// benchmark (Zyte / Scrapinghub: news and blog pages with human-annotated
// article bodies). The pages live beside the repository, never in it; tests
// that use them skip when they are absent.
package benchset

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// ErrNotFound is returned when the benchmark directory has no ground truth.
var ErrNotFound = errors.New("article-extraction dev set not found")

// Page is one benchmark page.
type Page struct {
	ID    string
	URL   string
	Truth string // the annotated article body
	Raw   []byte // the page's HTML
}

// Dir is where the dev set is: $ARTICLE_BENCH_DIR, else fromRoot joined to
// the workspace's shared/bench/article-extraction/dev beside the repository
// (fromRoot: the relative path from the caller's directory to the
// repository's parent, e.g. "../../..").
func Dir(fromRoot string) string {
	if d := os.Getenv("ARTICLE_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(fromRoot, "shared", "bench", "article-extraction", "dev")
}

// Load reads every page of dir, sorted by id.
func Load(dir string) ([]Page, error) {
	gtRaw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNotFound, dir)
	}
	if err != nil {
		return nil, err
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(gtRaw, &gt); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	pages := make([]Page, 0, len(gt))
	for id, g := range gt {
		raw, err := readGzip(filepath.Join(dir, id+".html.gz"))
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{ID: id, URL: g.URL, Truth: g.ArticleBody, Raw: raw})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].ID < pages[j].ID })
	return pages, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return raw, nil
}
