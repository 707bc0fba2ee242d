package reader

import (
	nurl "net/url"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2/render"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// libMeta is the metadata go-trafilatura found, merged into ours by mergeMeta.
type libMeta struct {
	Title, SiteName, URL, Language string
	Date                           time.Time
}

// articleText finds the article body with go-trafilatura (with its
// readability and dom-distiller fallbacks), rendered one block per line.
func articleText(doc *html.Node, base *nurl.URL, title string) (text string, meta libMeta) {
	defer func() {
		// A parser bug on hostile input must not take the crawler down.
		if r := recover(); r != nil {
			text = ""
		}
	}()
	pruneFurniture(doc)
	if textSize(doc) > maxLibText {
		// go-trafilatura's time grows with the square of the text (1 MB of
		// paragraphs: 3 s; 10 MB: minutes); go-readability's does not.
		if t := readabilityText(doc, base); t != "" {
			return t, meta
		}
		return bodyText(doc), meta
	}
	opts := trafilatura.Options{
		OriginalURL:     base,
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil || res.ContentNode == nil {
		if t := readabilityText(doc, base); t != "" {
			return t, meta
		}
		return bodyText(doc), meta
	}
	md := res.Metadata
	meta = libMeta{Title: md.Title, SiteName: md.Sitename, URL: md.URL, Language: md.Language, Date: md.Date}
	dropHeadline(res.ContentNode, title)
	text = normalizeText(render.InnerText(res.ContentNode))
	text = dropRepeats(text)
	text = dropTitleLine(text, title)
	text = dropTrailingNotices(text)
	if utf8.RuneCountInString(text) < minArticle {
		// So little text that go-trafilatura fell back to its baseline,
		// which loses line breaks ("one<br>two" gives "onetwo").
		if t := readabilityText(doc, base); t != "" {
			return t, meta
		}
	}
	if text == "" {
		text = bodyText(doc)
	}
	return text, meta
}

func bodyText(doc *html.Node) string {
	body := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = doc
	}
	return normalizeText(render.InnerText(body))
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// dropHeadline removes the page's headline from the body: every <h1> and
// a heading whose text is the title. The title is a field of its own; the
// body repeating it would make the headline count twice downstream.
func dropHeadline(body *html.Node, title string) {
	title = clean(title)
	for _, h := range findAll(body, isHeading) {
		if h.DataAtom == atom.H1 || (title != "" && clean(textOf(h)) == title) {
			if h.Parent != nil {
				h.Parent.RemoveChild(h)
			}
		}
	}
}

// mergeMeta combines our meta reading (readMeta) with the library's, field
// by field, as measured on the 91 pages of the article-extraction dev set:
//   - title and canonical URL: ours (the library's title keeps site
//     prefixes; its URL is http where the page says https, or the URL it
//     was given). The library's fills an empty title; its URL fills an
//     empty canonical URL only when it is not just the page's own URL.
//   - site name: ours, but the library's "The Hill" over slugs like our
//     "TheHill" (isSlugOf); the library's fills an empty one unless it is
//     a URL, a host name or the title.
//   - language: the language go-trafilatura detects in the text (whatlanggo)
//     wins over <html lang> when they differ: on the 4 pages where they
//     did, the declaration was the template's, not the article's. When they
//     agree the declared tag is kept (it has the region: en-US).
//   - published time: ours (meta tags and JSON-LD carry the time of day);
//     htmldate's date fills an empty one (13 of the 15 pages without one).
func mergeMeta(p *Page, m libMeta, base *nurl.URL, text string) {
	if p.Title == "" {
		p.Title = clean(m.Title)
	}
	if site := clean(m.SiteName); site != "" {
		switch {
		case p.SiteName == "":
			if !strings.ContainsAny(site, "./:") && site != p.Title {
				p.SiteName = site
			}
		case isSlugOf(p.SiteName, site):
			p.SiteName = site
		}
	}
	if p.CanonicalURL == "" {
		if u := absURL(nil, m.URL); u != "" && (base == nil || u != base.String()) {
			p.CanonicalURL = u
		}
	}
	if detected := normLang(m.Language); detected != "" && utf8.RuneCountInString(text) >= minArticle {
		primary, _, _ := strings.Cut(strings.ToLower(p.Language), "-")
		if primary != detected {
			p.Language = detected
		}
	}
	if p.PublishedAt == nil && !m.Date.IsZero() {
		t := m.Date.UTC()
		p.PublishedAt = &t
	}
}

// isSlugOf reports whether ours is name written as a slug ("TheHill",
// "detroitnews", "cleveland" for "The Hill", "The Detroit News",
// "Cleveland"): one word, the same letters with the spaces or a leading
// "The" left out, and either lower case or name has several words.
func isSlugOf(ours, name string) bool {
	if ours == "" || strings.Contains(ours, " ") || ours == name {
		return false
	}
	if ours != strings.ToLower(ours) && !strings.Contains(name, " ") {
		return false
	}
	squash := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "") }
	o := strings.ToLower(ours)
	return squash(name) == o || squash(strings.TrimPrefix(strings.ToLower(name), "the ")) == o
}

// minArticle is go-trafilatura's MinExtractedSize: below it the library
// takes its last-resort baseline text.
const minArticle = 250

// dropRepeats removes text that go-trafilatura emitted twice: a block of
// lines repeated right away (it does so with the text of a <br>-separated
// container). Single lines repeated stay: recipe tables and lists repeat
// them on purpose (dropping those cost 0.006 recall on the dev set).
func dropRepeats(text string) string {
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		if n := repeatedBlock(lines, i); n > 0 {
			i += n - 1
			continue
		}
		out = append(out, lines[i])
	}
	return strings.Join(out, "\n")
}

// repeatedBlock returns n when lines[i-n:i] (2 to maxBlock lines, not all
// the same, 200 characters or more) is repeated right away as
// lines[i:i+n], else 0.
func repeatedBlock(lines []string, i int) int {
	const maxBlock = 32
	for n := 2; n <= min(i, maxBlock) && i+n <= len(lines); n++ {
		if lines[i] != lines[i-n] || lines[i] == lines[i-1] {
			continue
		}
		size, same := 0, true
		for k := range n {
			if lines[i-n+k] != lines[i+k] {
				same = false
				break
			}
			size += len(lines[i+k])
		}
		if same && size >= 200 {
			return n
		}
	}
	return 0
}

// dropTitleLine removes a first line that is the headline: the title is a
// field of its own.
func dropTitleLine(text, title string) string {
	first, rest, ok := strings.Cut(text, "\n")
	if ok && title != "" && first == clean(title) {
		return rest
	}
	return text
}

// dropTrailingNotices removes copyright lines at the end of the text: they
// belong to the page, not the article.
func dropTrailingNotices(text string) string {
	for {
		i := strings.LastIndexByte(text, '\n')
		if i < 0 {
			return text
		}
		last := strings.ToLower(text[i+1:])
		if len(last) > 120 || !(strings.HasPrefix(last, "©") || strings.HasPrefix(last, "copyright") ||
			strings.HasPrefix(last, "(c) ") || strings.Contains(last, "all rights reserved")) {
			return text
		}
		text = text[:i]
	}
}

// maxLibText is the most visible text (bytes) a page may have for
// go-trafilatura to read it; 200 KB is some 30,000 words, far more than
// any article, and takes it about half a second.
const maxLibText = 200 << 10

// textSize is the number of bytes of text outside <script>, <style> and
// <template> in doc.
func textSize(n *html.Node) int {
	switch {
	case n.Type == html.TextNode:
		return len(n.Data)
	case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Template):
		return 0
	}
	size := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		size += textSize(c)
	}
	return size
}

// pruneFurniture removes the page parts that are never the article from
// every extractor's input, so that related-story headlines in asides and
// footers cannot enter the text whichever extractor wins: asides, footers,
// navigation, and the same parts marked with ARIA roles. A part holding
// most of the page's text is kept (some sites wrap everything in one).
// go-trafilatura drops these itself; the pruning guards its fallbacks and
// ours (on the dev set it changes no page).
func pruneFurniture(doc *html.Node) {
	total := textSize(doc)
	for _, n := range findAll(doc, isFurniture) {
		if n.Parent != nil && textSize(n)*2 <= total {
			n.Parent.RemoveChild(n)
		}
	}
}

func isFurniture(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Aside, atom.Footer, atom.Nav:
		return true
	}
	switch strings.ToLower(strings.TrimSpace(attr(n, "role"))) {
	case "complementary", "contentinfo", "navigation":
		return true
	}
	return false
}
