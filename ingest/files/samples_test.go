package files

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealwatch/dealwatch/ingest/reader"
)

// The demo's samples (make demo ingests testdata/samples) carry their
// metadata, HTML files as much as text files: an https URL, a source and a
// publication date, so the timeline after the demo shows where each deal
// was read. An HTML sample's sidecar URL is the page's own canonical URL.
func TestDemoSamplesHaveMetadata(t *testing.T) {
	paths, err := Walk([]string{"../../testdata/samples"})
	if err != nil {
		t.Fatal(err)
	}
	html := 0
	for _, p := range paths {
		a, err := Load(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		u, err := url.Parse(a.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("%s: URL %q, want an https URL (a sidecar %s)", p, a.URL, SidecarPaths(p)[0])
		}
		if a.Source == "" {
			t.Errorf("%s: no source", p)
		}
		if a.PublishedAt == nil {
			t.Errorf("%s: no publication date", p)
		}
		if ext := filepath.Ext(p); ext == ".html" || ext == ".htm" {
			html++
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			page, err := reader.Read(p, raw)
			if err != nil {
				t.Fatal(err)
			}
			if page.CanonicalURL != "" && page.CanonicalURL != a.URL {
				t.Errorf("%s: URL %q, but the page's canonical URL is %q", p, a.URL, page.CanonicalURL)
			}
		}
	}
	if len(paths) < 8 || html == 0 {
		t.Errorf("found %d samples, %d HTML: the demo's samples moved?", len(paths), html)
	}
}
