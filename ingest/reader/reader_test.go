package reader

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"
)

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestMetadata(t *testing.T) {
	ts := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	cases := []struct {
		file, pageURL string
		want          Page
	}{
		{"techdaily.html", "https://techdaily.example/2026/03/10/nimbus-helix?utm_source=feed", Page{
			Title: "Nimbus Cloud wins $12 billion compute contract from Helix AI", Author: "Priya Raman",
			Language: "en-US", CanonicalURL: "https://techdaily.example/2026/03/10/nimbus-helix", SiteName: "Tech Daily",
			PublishedAt: new(ts("2026-03-10T09:15:00Z"))}},
		{"wire.html", "", Page{
			Title: "Quantara and Vertex Compute sign chip supply pact", Author: "Lena Fischer, Tomas Ortega",
			Language: "en", CanonicalURL: "https://globalwire.example/markets/quantara-vertex-chip-pact", SiteName: "Global Wire",
			PublishedAt: new(ts("2026-01-22T05:40:00Z"))}},
		{"newsroom.html", "", Page{
			Title: "Stratus Systems and Corvid Labs expand strategic partnership", Language: "en",
			CanonicalURL: "https://news.stratus.example/releases/corvid-expansion",
			PublishedAt:  new(ts("2025-09-30T00:00:00Z"))}},
		{"blog.html", "", Page{
			Title: "Why Larch AI picked three clouds instead of one", Author: "Jonah Weiss", Language: "en-GB",
			SiteName: "The Compute Column", PublishedAt: new(ts("2025-12-05T00:00:00Z"))}},
		{"latin1.html", "", Page{
			Title: "Mistral-Ciel signe un accord de 800 millions d’euros avec Nuage Souverain", Language: "fr",
			SiteName: "Le Quotidien Numérique", PublishedAt: new(ts("2026-02-14T07:00:00Z"))}},
		{"microdata.html", "", Page{
			Title: "Thornbury Semiconductor lands $2.1 billion order from Corvid Labs", Author: "Ana Lutz", Language: "en",
			PublishedAt: new(ts("2026-05-19T17:45:00Z"))}},
		{"pressrelease.html", "", Page{
			Title: "Aster Cloud and Larch AI Announce Multi-Year Strategic Collaboration", Language: "en-US",
			SiteName: "Aster Cloud Newsroom", PublishedAt: new(ts("2026-04-07T15:00:00Z"))}},
		// No <html lang>: the language is the one detected in the text.
		{"oldtable.html", "", Page{
			Title: "Birchwood Bank finances new AI data center campus", Language: "en", PublishedAt: new(ts("2024-06-18T00:00:00Z"))}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			p, err := ReadHTML(mustRead(t, c.file), c.pageURL)
			if err != nil {
				t.Fatal(err)
			}
			check := func(field, got, want string) {
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("Title", p.Title, c.want.Title)
			check("Author", p.Author, c.want.Author)
			check("Language", p.Language, c.want.Language)
			check("CanonicalURL", p.CanonicalURL, c.want.CanonicalURL)
			check("SiteName", p.SiteName, c.want.SiteName)
			if p.PublishedAt == nil || !p.PublishedAt.Equal(*c.want.PublishedAt) || p.PublishedAt.Location() != time.UTC {
				t.Errorf("PublishedAt = %v, want %v (UTC)", p.PublishedAt, c.want.PublishedAt)
			}
		})
	}
}

func TestBoilerplateIgnored(t *testing.T) {
	for _, f := range []string{"techdaily.html", "wire.html", "blog.html", "teasers.html", "newsroom.html"} {
		p, err := ReadHTML(mustRead(t, f), "")
		if err != nil {
			t.Fatal(err)
		}
		for _, junk := range []string{"cookie", "Cookie", "Related", "Most popular", "All rights reserved", "Sign up",
			"Share on", "Subscribe", "Latest news", "More from", "comments", "Recent posts", "Press releases", "Posted by"} {
			if strings.Contains(p.Text, junk) {
				t.Errorf("%s: text contains boilerplate %q", f, junk)
			}
		}
	}
}

func TestParagraphsOnSeparateLines(t *testing.T) {
	p, err := ReadHTML([]byte(`<html><body><article><p>First sentence here.</p><p>Second one<br>with a break.</p><div>A div block</div><ul><li>item one</li><li>item two</li></ul></article></body></html>`), "")
	if err != nil {
		t.Fatal(err)
	}
	want := "First sentence here.\nSecond one\nwith a break.\nA div block\nitem one\nitem two"
	if p.Text != want {
		t.Errorf("Text = %q, want %q", p.Text, want)
	}
}

func TestWhitespaceCollapsed(t *testing.T) {
	p, err := ReadHTML([]byte("<p>  Cloud\t\tdeal  \u00a0 signed\u200b.  </p>\n\n\n<p>\n  Next   para </p>"), "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "Cloud deal signed.\nNext para" {
		t.Errorf("Text = %q", p.Text)
	}
}

func TestReadText(t *testing.T) {
	const lead = "PORTLAND (Wire) — Acme Robotics has agreed to rent computing capacity from Kestrel Cloud for the next five years, the companies said on Tuesday, in a deal both described as their largest so far."
	cases := []struct{ in, title, text string }{
		{"Headline here\n\nBody one.\nBody two.\n", "Headline here", "Body one.\nBody two."},
		{"First line is the title\nand the body goes on.\nSecond.", "First line is the title", "First line is the title and the body goes on.\nSecond."},
		{"\n\n  Title  \r\n\r\nPara one is hard\nwrapped across lines.\n\nPara two.", "Title", "Para one is hard wrapped across lines.\nPara two."},
		{"Only a headline", "Only a headline", "Only a headline"},
		// a page copied from its lead, not its headline: the lead stays in the body
		{lead + "\n\nSecond paragraph.", lead, lead + "\nSecond paragraph."},
		// a short lead sentence, closed by a full stop, is a lead too: headlines end without one
		{"Acme Robotics said it would rent capacity from Kestrel Cloud for five years.\n\nSecond paragraph.",
			"Acme Robotics said it would rent capacity from Kestrel Cloud for five years.",
			"Acme Robotics said it would rent capacity from Kestrel Cloud for five years.\nSecond paragraph."},
		{"Acme rents capacity from Kestrel.\n\nBody.", "Acme rents capacity from Kestrel.", "Body."},
		{"Acme Signs A Very Long Headline Deal With Some Other Company For Many Chips And Much Power In 2026\n\nBody.",
			"Acme Signs A Very Long Headline Deal With Some Other Company For Many Chips And Much Power In 2026", "Body."},
	}
	for _, c := range cases {
		p, err := ReadText([]byte(c.in))
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if p.Title != c.title || p.Text != c.text {
			t.Errorf("ReadText(%q) = %q / %q, want %q / %q", c.in, p.Title, p.Text, c.title, c.text)
		}
	}
}

func TestTextEncodings(t *testing.T) {
	want := "Café deal\nPrix : 5 € — signé."
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("Café deal\n\nPrix : 5 € — signé."))
	if err != nil {
		t.Fatal(err)
	}
	cp1252 := []byte("Caf\xe9 deal\n\nPrix : 5 \x80 \x97 sign\xe9.")
	bom8 := append([]byte("\xef\xbb\xbf"), "Café deal\n\nPrix : 5 € — signé."...)
	for name, raw := range map[string][]byte{"utf16le-bom": utf16, "windows-1252": cp1252, "utf8-bom": bom8} {
		p, err := Read("a.txt", raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := p.Title + "\n" + p.Text; got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
}

func TestHTMLCharsets(t *testing.T) {
	p, err := ReadHTML(mustRead(t, "latin1.html"), "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text, "La société française") || !strings.Contains(p.Text, "« C’est un signal fort") {
		t.Errorf("windows-1252 page not decoded: %q", p.Text[:80])
	}
	// Content-Type charset wins over the meta tag.
	raw := []byte("<html><head><meta charset=utf-8></head><body><p>na\xefve \xe9t\xe9 story about chips</p></body></html>")
	p, err = ReadHTTP(raw, "", "text/html; charset=iso-8859-1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "naïve été story about chips" {
		t.Errorf("Text = %q", p.Text)
	}
	// UTF-16 page with BOM.
	u16, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<html><body><p>Grüße aus Berlin</p></body></html>"))
	p, err = Read("x", u16)
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "Grüße aus Berlin" {
		t.Errorf("UTF-16 Text = %q", p.Text)
	}
}

func TestUnreadable(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
	big := bytes.Repeat([]byte("a"), MaxInput+1)
	cases := map[string]struct {
		name string
		raw  []byte
	}{
		"empty":           {"a.txt", nil},
		"blank":           {"a.txt", []byte(" \n\t\n")},
		"binary":          {"a.txt", png},
		"control bytes":   {"a.txt", bytes.Repeat([]byte("\x01\x02abc"), 100)},
		"empty html":      {"a.html", []byte("<html><body><script>var x=1</script></body></html>")},
		"html with NULs":  {"a.html", []byte("<html><body><p>hi\x00\x00\x00</p></body></html>")},
		"too large text":  {"a.txt", big},
		"too large html":  {"a.html", big},
		"only whitespace": {"a.html", []byte("<p>   </p>")},
	}
	for name, c := range cases {
		_, err := Read(c.name, c.raw)
		if !errors.Is(err, ErrUnreadable) {
			t.Errorf("%s: err = %v, want ErrUnreadable", name, err)
		}
	}
	if _, err := Read("a.txt", big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("too large: err = %v, want ErrTooLarge", err)
	}
}

func TestReadDispatch(t *testing.T) {
	p, err := Read("story.txt", []byte("  <html><body><article><p>Tagged content here</p></article></body></html>"))
	if err != nil || p.Text != "Tagged content here" {
		t.Errorf("content starting with '<' should be HTML: %q, %v", p.Text, err)
	}
	p, err = Read("story.html", []byte("Plain words only"))
	if err != nil || p.Text != "Plain words only" {
		t.Errorf(".html name should be HTML: %q, %v", p.Text, err)
	}
	p, err = Read("story.txt", []byte("Title\n\nA <b>bold</b> claim"))
	if err != nil || p.Text != "A <b>bold</b> claim" {
		t.Errorf("text file keeps angle brackets: %q, %v", p.Text, err)
	}
}

// A 10 MB page must be read without trouble (time is a benchmark's business).
func TestHugePage(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("<html><head><title>Big page</title></head><body><nav>menu</nav><article>")
	para := "<p>Cloud providers signed another large compute contract with an AI developer this week, the filing shows.</p>\n"
	for b.Len() < 10<<20 {
		b.WriteString(para)
	}
	b.WriteString("</article><footer>foot</footer></body></html>")
	p, err := ReadHTML(b.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(p.Text, "\n") + 1; n < 90000 {
		t.Errorf("got %d paragraphs, want the ~100k of the page", n)
	}
	if p.Title != "Big page" || strings.Contains(p.Text, "menu") {
		t.Errorf("title %q / nav leaked", p.Title)
	}
}

// 100k nested elements must not panic or go quadratic; the text survives.
func TestDeeplyNested(t *testing.T) {
	for _, tag := range []string{"div", "b", "span", "table"} {
		var b bytes.Buffer
		b.WriteString("<html><body>")
		for range 100000 {
			b.WriteString("<" + tag + ">")
		}
		b.WriteString("Deep text about a chip deal.")
		for range 100000 {
			b.WriteString("</" + tag + ">")
		}
		b.WriteString("<p>After the nest.</p></body></html>")
		p, err := ReadHTML(b.Bytes(), "")
		if err != nil {
			t.Fatalf("%s: %v", tag, err)
		}
		if !strings.Contains(p.Text, "Deep text about a chip deal.") || !strings.Contains(p.Text, "After the nest.") {
			t.Errorf("%s: text lost: %q", tag, p.Text)
		}
	}
}

func TestLimitDepth(t *testing.T) {
	src := "<div><div><div><p>x</p></div></div></div>"
	if got := limitDepth(src, 10); got != src {
		t.Errorf("shallow page changed: %q", got)
	}
	if got := limitDepth(src, 2); got != "<div><div><p>x</p></div></div>" {
		t.Errorf("limitDepth = %q", got)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-11-03T14:00:00Z":            "2025-11-03T14:00:00Z",
		"2025-11-03T15:00:00+01:00":       "2025-11-03T14:00:00Z",
		"2025-11-03":                      "2025-11-03T00:00:00Z",
		"Mon, 03 Nov 2025 14:00:00 GMT":   "2025-11-03T14:00:00Z",
		"Mon, 03 Nov 2025 09:00:00 -0500": "2025-11-03T14:00:00Z",
		"November 3, 2025":                "2025-11-03T00:00:00Z",
		"2025-11-03 14:00:00":             "2025-11-03T14:00:00Z",
	} {
		got, ok := ParseDate(in)
		if !ok || got.Format(time.RFC3339) != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "not a date", "0001-01-01"} {
		if _, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}
