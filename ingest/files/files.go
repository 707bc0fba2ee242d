// Package files turns local article files (.txt, .html, .htm) into
// schemas.Article values, for `dealwatch extract` and `dealwatch ingest`.
//
// A file may have a JSON sidecar, "<file>.json" or "<file without
// extension>.meta.json", holding {"url": ..., "source": ..., "published": ...}
// (published: RFC 3339 or YYYY-MM-DD). Without one the URL is
// file://<absolute path>.
package files

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/ingest/reader"
	"github.com/dealwatch/dealwatch/ingest/simhash"
	"github.com/dealwatch/dealwatch/schemas"
)

// ErrSidecar is wrapped when a sidecar file exists but cannot be used.
var ErrSidecar = errors.New("bad sidecar file")

// Extensions are the file name extensions Walk picks up in directories.
var Extensions = []string{".txt", ".html", ".htm"}

// Sidecar is the optional metadata file next to an article file.
type Sidecar struct {
	URL       string `json:"url"`
	Source    string `json:"source"`
	Published string `json:"published"`
}

// Load reads an article file and its sidecar. FetchedAt is the file's
// modification time (UTC), so loading a file twice gives the same Article.
func Load(path string) (schemas.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return schemas.Article{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return schemas.Article{}, err
	}
	if st.IsDir() {
		return schemas.Article{}, fmt.Errorf("%s: is a directory", path)
	}
	raw, err := readLimited(f)
	if err != nil {
		return schemas.Article{}, fmt.Errorf("%s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return schemas.Article{}, err
	}
	sc, err := readSidecar(path)
	if err != nil {
		return schemas.Article{}, err
	}
	a, err := build(path, raw, fileURL(abs), sc, st.ModTime())
	if err != nil {
		return schemas.Article{}, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// LoadReader reads one article from r (stdin when name is "-"). name picks
// the format (HTML for .html/.htm or content starting with '<') and, unless
// it is "-", the URL file://<absolute name>; stdin articles get the URL
// urn:dealwatch:stdin:<content hash prefix>. FetchedAt is the current time.
func LoadReader(name string, r io.Reader) (schemas.Article, error) {
	raw, err := readLimited(r)
	if err != nil {
		return schemas.Article{}, fmt.Errorf("%s: %w", name, err)
	}
	u := ""
	if name != "-" && name != "" {
		abs, err := filepath.Abs(name)
		if err != nil {
			return schemas.Article{}, err
		}
		u = fileURL(abs)
	}
	a, err := build(name, raw, u, Sidecar{}, time.Now())
	if err != nil {
		return schemas.Article{}, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

func readLimited(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, reader.MaxInput+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > reader.MaxInput {
		return nil, fmt.Errorf("%w: %w: more than %d bytes", reader.ErrUnreadable, reader.ErrTooLarge, reader.MaxInput)
	}
	return raw, nil
}

func fileURL(abs string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

func build(name string, raw []byte, defURL string, sc Sidecar, fetched time.Time) (schemas.Article, error) {
	p, err := reader.Read(name, raw)
	if err != nil {
		return schemas.Article{}, err
	}
	a := schemas.Article{
		SchemaVersion: schemas.ArticleVersion,
		URL:           sc.URL,
		Source:        sc.Source,
		Title:         p.Title,
		Text:          p.Text,
		Author:        p.Author,
		Language:      p.Language,
		PublishedAt:   p.PublishedAt,
		FetchedAt:     fetched.UTC(),
		ContentHash:   simhash.ContentHash(p.Text),
		Simhash:       simhash.Hex(simhash.Sum64(p.Text)),
	}
	if a.URL == "" {
		a.URL = defURL
	}
	if a.URL == "" {
		a.URL = "urn:dealwatch:stdin:" + a.ContentHash[:16]
	}
	if a.Source == "" {
		a.Source = p.SiteName
	}
	if sc.Published != "" {
		t, ok := reader.ParseDate(sc.Published)
		if !ok {
			return schemas.Article{}, fmt.Errorf("%w: published %q is not RFC 3339 or YYYY-MM-DD", ErrSidecar, sc.Published)
		}
		a.PublishedAt = &t
	}
	a.ID = schemas.ArticleID(a.URL)
	return a, nil
}

// SidecarPaths are the sidecar file names tried for path, in order.
func SidecarPaths(path string) []string {
	return []string{path + ".json", strings.TrimSuffix(path, filepath.Ext(path)) + ".meta.json"}
}

func readSidecar(path string) (Sidecar, error) {
	for _, p := range SidecarPaths(path) {
		raw, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Sidecar{}, fmt.Errorf("%w: %s: %v", ErrSidecar, p, err)
		}
		var sc Sidecar
		if err := json.Unmarshal(raw, &sc); err != nil {
			return Sidecar{}, fmt.Errorf("%w: %s: %v", ErrSidecar, p, err)
		}
		sc.URL = strings.TrimSpace(sc.URL)
		return sc, nil
	}
	return Sidecar{}, nil
}

// Walk expands directories (recursively, skipping hidden entries) to the
// .txt/.html/.htm files they hold, sorted by path; files named directly are
// kept whatever their extension, as is "-" (stdin). Order follows the
// arguments; a path listed twice appears once.
func Walk(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, root := range paths {
		if root == "-" {
			add(root)
			continue
		}
		st, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			add(root)
			continue
		}
		var found []string
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && slices.Contains(Extensions, strings.ToLower(filepath.Ext(p))) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(found)
		for _, p := range found {
			add(p)
		}
	}
	return out, nil
}
