package reader

import (
	"encoding/json"
	nurl "net/url"
	"strings"
	"time"

	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readMeta reads title, author, dates, language, canonical URL and site
// name from meta tags, JSON-LD, <title>, <h1>, <time> and <html lang>.
func readMeta(doc *html.Node, base *nurl.URL) Page {
	metas := map[string]string{} // first value per lower-case property/name/itemprop
	var titleTag, canonical, lang string
	var h1, timeAttr, timeInArticle, itemAuthor, relAuthor string
	var ld []map[string]any
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				lang = attr(n, "lang")
				if lang == "" {
					lang = attr(n, "xml:lang")
				}
			case atom.Meta:
				content := strings.TrimSpace(attr(n, "content"))
				for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
					if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" && content != "" {
						if _, ok := metas[key]; !ok {
							metas[key] = content
						}
					}
				}
			case atom.Title:
				if titleTag == "" {
					titleTag = textOf(n)
				}
			case atom.Link:
				if canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					canonical = attr(n, "href")
				}
			case atom.H1:
				if h1 == "" {
					h1 = textOf(n)
				}
			case atom.Time:
				v := attr(n, "datetime")
				if v == "" && attr(n, "itemprop") == "datePublished" {
					v = textOf(n)
				}
				if v != "" {
					if inArticle && timeInArticle == "" {
						timeInArticle = v
					}
					if timeAttr == "" {
						timeAttr = v
					}
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					ld = append(ld, jsonLDObjects(n.FirstChild.Data)...)
				}
			}
			if itemAuthor == "" && attr(n, "itemprop") == "author" && n.DataAtom != atom.Meta && n.DataAtom != atom.Link {
				if nm := findFirst(n, func(x *html.Node) bool { return attr(x, "itemprop") == "name" }); nm != nil {
					itemAuthor = attrOrText(nm)
				} else {
					itemAuthor = textOf(n)
				}
			}
			if relAuthor == "" && n.DataAtom == atom.A && hasToken(attr(n, "rel"), "author") {
				relAuthor = textOf(n)
			}
			inArticle = inArticle || isArticleContainer(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inArticle)
		}
	}
	walk(doc, false)

	art := pickLDArticle(ld)
	var p Page
	p.SiteName = first(metas["og:site_name"], ldString(art, "publisher", "name"), metas["application-name"])
	p.Title = first(metas["og:title"], metas["twitter:title"], ldString(art, "headline"),
		cleanTitle(titleTag, p.SiteName, h1), clean(h1))
	p.Author = first(authorMeta(metas["author"]), authorMeta(metas["article:author"]), ldAuthor(art),
		metas["parsely-author"], metas["sailthru.author"], metas["dc.creator"], shortName(itemAuthor), shortName(relAuthor))
	p.Language = normLang(first(lang, metas["content-language"], metas["og:locale"], metas["dc.language"]))
	p.CanonicalURL = first(absURL(base, canonical), absURL(base, metas["og:url"]), absURL(base, ldString(art, "url")))
	for _, v := range []string{
		metas["article:published_time"], metas["og:published_time"], metas["datepublished"],
		ldString(art, "datePublished"), metas["pubdate"], metas["publishdate"], metas["publish-date"],
		metas["date"], metas["dc.date.issued"], metas["dc.date"], metas["sailthru.date"],
		timeInArticle, timeAttr,
	} {
		if t, ok := parseDate(v); ok {
			p.PublishedAt = &t
			break
		}
	}
	return p
}

func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(s)) {
		if f == tok {
			return true
		}
	}
	return false
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func first(vals ...string) string {
	for _, v := range vals {
		if v = clean(v); v != "" {
			return v
		}
	}
	return ""
}

// cleanTitle strips a " | Site" style suffix from a <title>.
func cleanTitle(t, site, h1 string) string {
	t, h1 = clean(t), clean(h1)
	if t == "" {
		return ""
	}
	if h1 != "" && strings.HasPrefix(t, h1) {
		return h1
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		head, tail := t[:i], t[i+len(sep):]
		if (site != "" && strings.EqualFold(tail, clean(site))) || len(strings.Fields(tail)) <= 3 && len(head) > len(tail) {
			return head
		}
	}
	return t
}

// authorMeta ignores author values that are profile URLs.
func authorMeta(s string) string {
	s = clean(s)
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return ""
	}
	return s
}

func normLang(s string) string {
	s = strings.ReplaceAll(clean(s), "_", "-")
	if i := strings.IndexAny(s, ", ;"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 35 {
		return ""
	}
	return s
}

// absURL resolves ref against base; only absolute http(s) URLs are returned.
func absURL(base *nurl.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := nurl.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// jsonLDObjects returns the objects in a JSON-LD script: a single object,
// an array, and the members of any @graph.
func jsonLDObjects(src string) []map[string]any {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return nil
	}
	var out []map[string]any
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				add(e, depth+1)
			}
		case map[string]any:
			out = append(out, x)
			if g, ok := x["@graph"]; ok {
				add(g, depth+1)
			}
		}
	}
	add(v, 0)
	return out
}

func pickLDArticle(objs []map[string]any) map[string]any {
	for _, o := range objs {
		for _, t := range typesOf(o["@type"]) {
			if strings.HasSuffix(t, "Article") || t == "BlogPosting" || t == "Report" || t == "PressRelease" {
				return o
			}
		}
	}
	return nil
}

func typesOf(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// ldString follows a path of keys through JSON-LD objects (taking the first
// element of arrays) to a string.
func ldString(o map[string]any, path ...string) string {
	var v any = o
	for _, k := range path {
		if a, ok := v.([]any); ok && len(a) > 0 {
			v = a[0]
		}
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	if a, ok := v.([]any); ok && len(a) > 0 {
		v = a[0]
	}
	s, _ := v.(string)
	return s
}

func ldAuthor(o map[string]any) string {
	if o == nil {
		return ""
	}
	var names []string
	var add func(v any)
	add = func(v any) {
		switch x := v.(type) {
		case string:
			if authorMeta(x) != "" {
				names = append(names, clean(x))
			}
		case map[string]any:
			if s, ok := x["name"].(string); ok && clean(s) != "" {
				names = append(names, clean(s))
			}
		case []any:
			for _, e := range x {
				add(e)
			}
		}
	}
	add(o["author"])
	return strings.Join(names, ", ")
}

var dateLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123,
	time.RFC850, time.RFC822Z, time.RFC822, "Mon, 2 Jan 2006 15:04:05 -0700", "January 2, 2006", "Jan 2, 2006",
	"2 January 2006", "20060102",
}

// parseDate parses the date formats found on news pages; times without a
// zone are taken as UTC. The result is in UTC.
func parseDate(s string) (time.Time, bool) {
	s = clean(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	var t time.Time
	var err error
	ok := false
	for _, l := range dateLayouts {
		if t, err = time.Parse(l, s); err == nil {
			ok = true
			break
		}
	}
	if !ok {
		if t, err = parseAnyUTC(s); err != nil {
			return time.Time{}, false
		}
	}
	if t.Year() < 1970 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t.UTC(), true
}

func parseAnyUTC(s string) (t time.Time, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errBadDate
		}
	}()
	return dateparse.ParseIn(s, time.UTC)
}

type dateError string

func (e dateError) Error() string { return string(e) }

const errBadDate = dateError("unparseable date")

// ParseDate parses a date as found in feeds, sitemaps and sidecar files
// (RFC 3339, RFC 1123, YYYY-MM-DD and other common forms), in UTC.
func ParseDate(s string) (time.Time, bool) { return parseDate(s) }

func attrOrText(n *html.Node) string {
	if v := attr(n, "content"); v != "" {
		return v
	}
	return textOf(n)
}

// shortName accepts a byline-like text only when it looks like a name
// list, not a paragraph.
func shortName(s string) string {
	s = clean(s)
	if s == "" || len(strings.Fields(s)) > 8 {
		return ""
	}
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "By "), "by "))
}
