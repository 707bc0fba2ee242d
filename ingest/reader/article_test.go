package reader

import (
	nurl "net/url"
	"strings"
	"testing"
	"time"
)

const asideHeadlines = `<aside class="related"><h3>More stories</h3><ul>
<li><a href="/a">Nimbus Cloud buys a chip designer for $3 billion</a></li>
<li><a href="/b">Quantara signs power deal with Halden Energy</a></li></ul></aside>
<footer><h4>Trending</h4><a href="/c">Vertex Compute leases GPUs to Larch AI</a></footer>`

// The related-stories guarantee holds on every path to the text: the
// go-trafilatura path, the short page (go-readability) and the page too
// large for go-trafilatura (go-readability).
func TestRelatedStoriesNeverInText(t *testing.T) {
	para := "<p>Acme Robotics will rent computing capacity from Kestrel Cloud for five years, the companies said on Tuesday in a joint statement.</p>\n"
	pages := map[string]string{
		"article":      "<html><body><article>" + strings.Repeat(para, 6) + "</article>" + asideHeadlines + "</body></html>",
		"short":        "<html><body><article>" + para + "</article>" + asideHeadlines + "</body></html>",
		"huge":         "<html><body><article>" + strings.Repeat(para, maxLibText/len(para)+10) + "</article>" + asideHeadlines + "</body></html>",
		"no container": "<html><body><div>" + strings.Repeat(para, 3) + "</div>" + asideHeadlines + "</body></html>",
	}
	for name, src := range pages {
		p, err := ReadHTML([]byte(src), "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(p.Text, "Acme Robotics will rent computing capacity") {
			t.Errorf("%s: article text lost: %q", name, p.Text)
		}
		for _, h := range []string{"Nimbus Cloud", "Quantara", "Vertex Compute", "More stories", "Trending"} {
			if strings.Contains(p.Text, h) {
				t.Errorf("%s: text holds %q", name, h)
			}
		}
	}
}

// A page wrapped whole in one <footer> or role=complementary keeps its text.
func TestFurnitureHoldingThePageIsKept(t *testing.T) {
	body := strings.Repeat("<p>Birchwood Bank will lend $600 million to Redstone Digital for a data center campus near Columbus.</p>", 4)
	for _, wrap := range []string{"<footer>%s</footer>", `<div role="complementary">%s</div>`} {
		src := "<html><body>" + strings.Replace(wrap, "%s", body, 1) + "</body></html>"
		p, err := ReadHTML([]byte(src), "")
		if err != nil {
			t.Fatalf("%s: %v", wrap, err)
		}
		if !strings.Contains(p.Text, "Birchwood Bank will lend") {
			t.Errorf("%s: text lost: %q", wrap, p.Text)
		}
	}
}

func TestHeadlineNotInBody(t *testing.T) {
	para := "<p>Larch AI has signed a three-year agreement to use Aster Cloud's data centers in Frankfurt, the two companies said on Monday morning.</p>"
	src := `<html><head><title>Larch AI picks Aster Cloud | Daily</title><meta property="og:title" content="Larch AI picks Aster Cloud"></head><body><article>
<h1>Larch AI picks Aster Cloud</h1>` + para + para + `<h2>Terms</h2>` + para + `</article></body></html>`
	p, err := ReadHTML([]byte(src), "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Larch AI picks Aster Cloud" || strings.Contains(p.Text, "Larch AI picks Aster Cloud") {
		t.Errorf("title %q, text %q", p.Title, p.Text)
	}
	if !strings.Contains(p.Text, "\nTerms\n") {
		t.Errorf("a section heading that is not the headline was dropped: %q", p.Text)
	}
}

func TestDropRepeats(t *testing.T) {
	long := strings.Repeat("x", 120)
	cases := []struct{ in, want string }{
		// a block of two long lines emitted twice in a row
		{"head\nA" + long + "\nB" + long + "\nA" + long + "\nB" + long + "\ntail", "head\nA" + long + "\nB" + long + "\ntail"},
		// repeated single lines stay (tables, lists)
		{"Drink water\nBeet juice\nDrink water\nBeet juice", "Drink water\nBeet juice\nDrink water\nBeet juice"},
		// the same long line many times stays (no block of distinct lines)
		{long + "\n" + long + "\n" + long + "\n" + long, long + "\n" + long + "\n" + long + "\n" + long},
	}
	for _, c := range cases {
		if got := dropRepeats(c.in); got != c.want {
			t.Errorf("dropRepeats(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDropTrailingNotices(t *testing.T) {
	in := "Body one.\nBody two.\n© 2026 Compute Weekly\nCopyright Example Media. All rights reserved."
	if got := dropTrailingNotices(in); got != "Body one.\nBody two." {
		t.Errorf("got %q", got)
	}
	// A closing paragraph that only mentions rights is article text.
	last := "Body.\nThe union said its members had all rights reserved under the 2019 contract, and that the company could not change shifts without notice, which it called a breach of the agreement signed last spring."
	if got := dropTrailingNotices(last); got != last {
		t.Errorf("got %q", got)
	}
}

func TestMergeMeta(t *testing.T) {
	long := strings.Repeat("word ", 60)
	day := time.Date(2019, 11, 19, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		ours Page
		lib  libMeta
		want Page
	}{
		{"declared language kept when the text agrees", Page{Language: "en-US"}, libMeta{Language: "en"}, Page{Language: "en-US"}},
		{"detected language wins when they differ", Page{Language: "en"}, libMeta{Language: "de"}, Page{Language: "de"}},
		{"detected language fills a missing one", Page{}, libMeta{Language: "fr"}, Page{Language: "fr"}},
		{"site slug gives way to the library's name", Page{SiteName: "TheHill"}, libMeta{SiteName: "The Hill"}, Page{SiteName: "The Hill"}},
		{"lower-case slug too", Page{SiteName: "detroitnews"}, libMeta{SiteName: "The Detroit News"}, Page{SiteName: "The Detroit News"}},
		{"our site name otherwise", Page{SiteName: "WSJ"}, libMeta{SiteName: "Wall Street Journal"}, Page{SiteName: "WSJ"}},
		{"host name is no site name", Page{}, libMeta{SiteName: "example.com"}, Page{}},
		{"the title is no site name", Page{Title: "Big deal"}, libMeta{SiteName: "Big deal"}, Page{Title: "Big deal"}},
		{"the page's own URL is no canonical URL", Page{}, libMeta{URL: "https://x.example/a"}, Page{}},
		{"library date fills a missing one", Page{}, libMeta{Date: day}, Page{PublishedAt: &day}},
	}
	for _, c := range cases {
		p := c.ours
		mergeMeta(&p, c.lib, mustURL(t, "https://x.example/a"), long)
		if p.Language != c.want.Language || p.SiteName != c.want.SiteName || p.CanonicalURL != c.want.CanonicalURL ||
			(p.PublishedAt == nil) != (c.want.PublishedAt == nil) || (p.PublishedAt != nil && !p.PublishedAt.Equal(*c.want.PublishedAt)) {
			t.Errorf("%s: got %+v, want %+v", c.name, p, c.want)
		}
	}
	// On a short text the declaration is trusted over detection.
	p := Page{Language: "en"}
	mergeMeta(&p, libMeta{Language: "de"}, nil, "kurz")
	if p.Language != "en" {
		t.Errorf("short text: language %q", p.Language)
	}
}

func mustURL(t *testing.T, s string) *nurl.URL {
	t.Helper()
	u, err := nurl.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
