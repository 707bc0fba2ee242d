package reader

import (
	"fmt"
	"io"
	"log/slog"
	nurl "net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxDepth is the deepest element nesting kept: tags nested deeper are
// dropped (their text is kept) before the page is parsed, so hostile pages
// with 100k nested elements cost linear time.
const MaxDepth = 256

// ReadHTML reads an HTML page. pageURL (may be "") is where the page came
// from: relative canonical URLs are resolved against it.
func ReadHTML(raw []byte, pageURL string) (Page, error) {
	return ReadHTTP(raw, pageURL, "")
}

// ReadHTTP is ReadHTML for an HTTP response body: contentType is the
// Content-Type header, whose charset parameter wins over <meta charset>
// (see decodeHTML for the whole order).
func ReadHTTP(raw []byte, pageURL, contentType string) (Page, error) {
	if err := checkSize(raw); err != nil {
		return Page{}, err
	}
	src, err := decodeHTML(raw, contentType)
	if err != nil {
		return Page{}, err
	}
	src = limitDepth(src, MaxDepth)
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return Page{}, fmt.Errorf("%w: parse HTML: %v", ErrUnreadable, err)
	}
	base, _ := nurl.Parse(pageURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	p := readMeta(doc, base)
	text, lib := articleText(doc, base, p.Title)
	p.Text = text
	if p.Text == "" {
		return Page{}, fmt.Errorf("%w: no article text found in HTML", ErrUnreadable)
	}
	mergeMeta(&p, lib, base, p.Text)
	if p.Title == "" {
		p.Title = firstLine(p.Text)
	}
	return p, nil
}

// limitDepth re-emits src without the start and end tags nested deeper than
// max (text is kept), when the page nests that deep at all.
func limitDepth(src string, max int) string {
	if maxNesting(src) <= max {
		return src
	}
	var sb strings.Builder
	sb.Grow(len(src))
	z := html.NewTokenizer(strings.NewReader(src))
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return sb.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if countsForDepth(atom.Lookup(name)) {
				depth++
				if depth > max {
					continue
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if countsForDepth(atom.Lookup(name)) {
				depth--
				if depth >= max {
					continue
				}
				if depth < 0 {
					depth = 0
				}
			}
		}
		sb.Write(z.Raw())
	}
}

func maxNesting(src string) int {
	z := html.NewTokenizer(strings.NewReader(src))
	depth, max := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return max
		case html.StartTagToken:
			name, _ := z.TagName()
			if countsForDepth(atom.Lookup(name)) {
				depth++
				if depth > max {
					max = depth
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if countsForDepth(atom.Lookup(name)) && depth > 0 {
				depth--
			}
		}
	}
}

// countsForDepth is false for void elements and for elements whose end tag
// is optional (they close implicitly and never nest deeply in a real tree).
func countsForDepth(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr,
		atom.P, atom.Li, atom.Dt, atom.Dd, atom.Option, atom.Optgroup, atom.Tr, atom.Td, atom.Th,
		atom.Thead, atom.Tbody, atom.Tfoot, atom.Colgroup, atom.Rb, atom.Rt, atom.Rp, atom.Html,
		atom.Head, atom.Body:
		return false
	}
	return true
}

func isArticleContainer(n *html.Node) bool {
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main {
		return true
	}
	return attr(n, "itemprop") == "articleBody" || attr(n, "role") == "main"
}

func readabilityText(doc *html.Node, base *nurl.URL) (text string) {
	defer func() {
		// A parser bug on hostile input must not take the crawler down;
		// the caller falls back to the body text.
		if r := recover(); r != nil {
			text = ""
		}
	}()
	p := readability.NewParser()
	p.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	p.DisableJSONLD = true
	art, err := p.ParseDocument(doc, base)
	if err != nil || art.Node == nil {
		return ""
	}
	return normalizeText(render.InnerText(art.Node))
}

// normalizeText collapses white space inside lines, drops blank lines and
// zero-width characters, and joins the lines with "\n".
func normalizeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\ufeff", "", "\r\n", "\n", "\r", "\n").Replace(s)
	var sb strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('\n')
		}
		for i, w := range f {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(w)
		}
	}
	return sb.String()
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200]
		s = strings.ToValidUTF8(s, "")
	}
	return s
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func findFirst(n *html.Node, match func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && match(c) {
			return c
		}
		if f := findFirst(c, match); f != nil {
			return f
		}
	}
	return nil
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && match(c) {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

func textOf(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			sb.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}
