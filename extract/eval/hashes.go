package eval

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Texts kept outside the repository can drift from the ones that were
// labelled: a page rebuilt later holds another version of the article. A
// corpus whose manifest.jsonl records each text's sha256 (testdata/real)
// lets the scorer skip such an article instead of scoring labels against a
// text they were not written for.

// LoadTextHashes reads the sha256 of each article's labelled text from
// dir/manifest.jsonl ({"id": ..., "sha256": ...} per line). A directory
// without a manifest gives nil: nothing is checked.
func LoadTextHashes(dir string) (map[string]string, error) {
	f, err := os.Open(filepath.Join(dir, "manifest.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var m struct {
			ID     string `json:"id"`
			SHA256 string `json:"sha256"`
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			return nil, fmt.Errorf("%s/manifest.jsonl line %d: %w", dir, n, err)
		}
		if m.ID != "" && m.SHA256 != "" {
			out[m.ID] = strings.ToLower(m.SHA256)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s/manifest.jsonl: %w", dir, err)
	}
	return out, nil
}

// LoadText loads the text at path of the labelled article g, its
// publication date and source taken from the labels. stale reports a text
// that is not the labelled one (its sha256 differs from want, when want is
// set): it is not loaded. Errors name the article.
func LoadText(g Article, path, want string, load LoadFunc) (a schemas.Article, stale bool, err error) {
	if want != "" {
		same, err := textMatches(path, want)
		if err != nil {
			return a, false, fmt.Errorf("article %s: %w", g.ID, err)
		}
		if !same {
			return a, true, nil
		}
	}
	if a, err = load(path); err != nil {
		return a, false, fmt.Errorf("article %s: %w", g.ID, err)
	}
	if t := g.PublishedTime(); t != nil {
		a.PublishedAt = t
	}
	if g.Source != "" {
		a.Source = g.Source
	}
	return a, false, nil
}

// textMatches reports whether the file at path is the text that was
// labelled: its sha256 equals want (from LoadTextHashes).
func textMatches(path, want string) (bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]) == want, nil
}
