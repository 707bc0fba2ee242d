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

// TextMatches reports whether the file at path is the text that was
// labelled: its sha256 equals want (from LoadTextHashes).
func TextMatches(path, want string) (bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]) == want, nil
}
