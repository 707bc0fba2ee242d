package reader

import (
	"fmt"
	"io"
	"log/slog"
	nurl "net/url"
	"regexp"
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
// Content-Type header (its charset parameter wins over <meta charset>).
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
	cleanDocument(doc)
	p.Text = mainText(doc, base, p.Title)
	if p.Text == "" {
		return Page{}, fmt.Errorf("%w: no article text found in HTML", ErrUnreadable)
	}
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

// boilerplateRe matches class and id tokens of page furniture.
var boilerplateRe = regexp.MustCompile(`(?i)(^|[-_])(cookies?|consent|gdpr|cc-window|cc-banner|newsletters?|subscribe|subscription|signup|sign-up|related|recommend(ed|ations)?|more-stories|read-?more|trending|popular|most-?read|share|sharing|social|comments?|disqus|promo|adverts?|advertisement|ads?|ad-slot|sponsor(ed)?|breadcrumbs?|sidebar|widget|outbrain|taboola|modal|popup|overlay|banner|masthead|skip|footer|navbar|nav|navigation|menu|toolbar|paywall|login)([-_]|$)`)

// removable tags are dropped wherever they are, except when they hold most
// of the page's paragraph text (some sites wrap everything in a <form>).
var removableTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Form: true, atom.Dialog: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Label: true,
	atom.Figure: true, atom.Figcaption: true,
}

// dropTags are never content.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Svg: true, atom.Canvas: true, atom.Object: true, atom.Embed: true, atom.Link: true,
	atom.Math: true, atom.Video: true, atom.Audio: true,
}

var boilerRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true, "dialog": true,
	"alertdialog": true, "search": true, "menu": true, "menubar": true, "toolbar": true,
}

// cleanDocument removes page furniture from the body of doc.
func cleanDocument(doc *html.Node) {
	body := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = doc
	}
	ptext := map[*html.Node]int{}
	total := paragraphText(body, ptext, false)
	var remove []*html.Node
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.CommentNode {
				remove = append(remove, c)
				continue
			}
			if c.Type != html.ElementNode {
				continue
			}
			if isBoilerplate(c, inArticle, ptext[c], total) {
				remove = append(remove, c)
				continue
			}
			walk(c, inArticle || isArticleContainer(c))
		}
	}
	walk(body, false)
	for _, n := range remove {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

func isBoilerplate(n *html.Node, inArticle bool, ptext, total int) bool {
	if dropTags[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Body || isArticleContainer(n) {
		return false
	}
	// Never drop what holds most of the page's paragraph text.
	keep := total > 0 && ptext*2 > total
	if keep {
		return false
	}
	if removableTags[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Header && !inArticle {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "role":
			if boilerRoles[strings.ToLower(strings.TrimSpace(a.Val))] {
				return true
			}
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		case "class", "id":
			for _, tok := range strings.Fields(a.Val) {
				if boilerplateRe.MatchString(tok) {
					return true
				}
			}
		}
	}
	return false
}

func isArticleContainer(n *html.Node) bool {
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main {
		return true
	}
	return attr(n, "itemprop") == "articleBody" || attr(n, "role") == "main"
}

// paragraphText fills m with the length of <p> text under each element and
// returns it for n.
func paragraphText(n *html.Node, m map[*html.Node]int, inP bool) int {
	sum := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if inP {
				sum += len(strings.TrimSpace(c.Data))
			}
		case html.ElementNode:
			sum += paragraphText(c, m, inP || c.DataAtom == atom.P)
		}
	}
	m[n] = sum
	return sum
}

// bylineRe matches class and id tokens of bylines, datelines and other
// article furniture inside an article container.
var bylineRe = regexp.MustCompile(`(?i)(^|[-_])(byline|author|authors|meta|timestamp|dateline-box|date|published|posted|tags|caption|credit|kicker|eyebrow|toc)([-_]|$)`)

// mainText finds the article text: the page's semantic article container
// when there is one clear winner, else readability's pick, else the body.
func mainText(doc *html.Node, base *nurl.URL, title string) string {
	if c := pickContainer(doc); c != nil {
		stripArticleFurniture(c, title)
		if t := normalizeText(render.InnerText(c)); len(t) >= 200 {
			return t
		}
	}
	if t := readabilityText(doc, base); t != "" {
		return t
	}
	body := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = doc
	}
	return normalizeText(render.InnerText(body))
}

// pickContainer returns the itemprop=articleBody, <article> or <main>
// element that clearly holds the article, or nil.
func pickContainer(doc *html.Node) *html.Node {
	for _, match := range []func(*html.Node) bool{
		func(n *html.Node) bool { return attr(n, "itemprop") == "articleBody" },
		func(n *html.Node) bool { return n.DataAtom == atom.Article },
		func(n *html.Node) bool { return n.DataAtom == atom.Main || attr(n, "role") == "main" },
	} {
		nodes := findAll(doc, match)
		if len(nodes) == 0 {
			continue
		}
		ptext := map[*html.Node]int{}
		paragraphText(doc, ptext, false)
		var best, second *html.Node
		for _, n := range nodes {
			switch {
			case best == nil || ptext[n] > ptext[best]:
				best, second = n, best
			case second == nil || ptext[n] > ptext[second]:
				second = n
			}
		}
		if ptext[best] < 200 {
			continue
		}
		// Nested matches (an <article> inside another) count once.
		if second != nil && !contains(best, second) && !contains(second, best) && ptext[second]*2 > ptext[best] {
			return nil // a listing page: several teasers, no single article
		}
		return best
	}
	return nil
}

// stripArticleFurniture removes the headline, bylines, datelines and
// captions inside the article container.
func stripArticleFurniture(c *html.Node, title string) {
	var remove []*html.Node
	normTitle := strings.Join(strings.Fields(title), " ")
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			if isFurniture(ch, normTitle) {
				remove = append(remove, ch)
				continue
			}
			walk(ch)
		}
	}
	walk(c)
	for _, n := range remove {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

func isFurniture(n *html.Node, title string) bool {
	switch n.DataAtom {
	case atom.H1:
		return true
	case atom.Time, atom.Address:
		return true
	case atom.H2, atom.H3:
		if title != "" && strings.Join(strings.Fields(textOf(n)), " ") == title {
			return true
		}
	}
	if attr(n, "rel") == "author" || attr(n, "itemprop") == "author" || attr(n, "itemprop") == "datePublished" {
		return true
	}
	for _, key := range []string{"class", "id"} {
		for _, tok := range strings.Fields(attr(n, key)) {
			if bylineRe.MatchString(tok) {
				return true
			}
		}
	}
	// A paragraph that is only a <time> and a few words ("Updated <time>").
	if n.DataAtom == atom.P && findFirst(n, func(x *html.Node) bool { return x.DataAtom == atom.Time }) != nil {
		if len(strings.Fields(textOf(n))) <= 12 {
			return true
		}
	}
	return false
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

func contains(a, b *html.Node) bool {
	for p := b.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
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
