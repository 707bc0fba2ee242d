package crawl

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"github.com/dealwatch/dealwatch/ingest/reader"
)

// Candidate is an article link found on a source, with what the source
// said about it.
type Candidate struct {
	URL       string
	Title     string
	Author    string
	Published *time.Time
}

// Discovery is what a source document yields: article links and, for a
// sitemap index, child sitemaps.
type Discovery struct {
	Kind     Kind
	Index    bool // a sitemap index: Children holds sitemaps
	Items    []Candidate
	Children []Candidate
}

// ErrNotSource is returned when a document is neither a feed, a sitemap nor
// an HTML page.
var ErrNotSource = errors.New("not a feed, sitemap or HTML page")

// maxEntries bounds the entries read from one document.
const maxEntries = 50000

// Detect tells the kind of a source document from its first element.
func Detect(body []byte, contentType string) (Kind, error) {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "json") {
		if bytes.Contains(body[:min(len(body), 512)], []byte("jsonfeed.org")) {
			return KindFeed, nil
		}
		return "", ErrNotSource
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	for range 64 {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch strings.ToLower(se.Name.Local) {
		case "rss", "feed", "rdf":
			return KindFeed, nil
		case "urlset", "sitemapindex":
			return KindSitemap, nil
		case "html":
			return KindListing, nil
		default:
			if strings.Contains(ct, "html") {
				return KindListing, nil
			}
			return "", fmt.Errorf("%w: root element <%s>", ErrNotSource, se.Name.Local)
		}
	}
	if strings.Contains(ct, "html") || bytes.Contains(bytes.ToLower(body[:min(len(body), 4096)]), []byte("<html")) {
		return KindListing, nil
	}
	return "", ErrNotSource
}

// Discover reads a source document of the given kind (KindAuto detects it).
// base is the document's URL, for relative links; selector is the listing
// link selector.
func Discover(kind Kind, body []byte, contentType, base, selector string) (Discovery, error) {
	if kind == KindAuto || kind == "" {
		k, err := Detect(body, contentType)
		if err != nil {
			return Discovery{}, err
		}
		kind = k
	}
	switch kind {
	case KindFeed:
		items, err := parseFeed(body, base)
		return Discovery{Kind: kind, Items: items}, err
	case KindSitemap:
		return parseSitemap(body, base)
	case KindListing:
		items, err := parseListing(body, contentType, base, selector)
		return Discovery{Kind: kind, Items: items}, err
	}
	return Discovery{}, fmt.Errorf("unknown source kind %q", kind)
}

func parseFeed(body []byte, base string) ([]Candidate, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	var out []Candidate
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		abs := resolve(base, link)
		if abs == "" {
			continue
		}
		c := Candidate{URL: abs, Title: strings.TrimSpace(it.Title)}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			c.Author = strings.TrimSpace(it.Authors[0].Name)
		}
		switch {
		case it.PublishedParsed != nil:
			t := it.PublishedParsed.UTC()
			c.Published = &t
		case it.UpdatedParsed != nil:
			t := it.UpdatedParsed.UTC()
			c.Published = &t
		}
		out = append(out, c)
		if len(out) >= maxEntries {
			break
		}
	}
	return out, nil
}

type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Published string `xml:"publication_date"`
		Title     string `xml:"title"`
	} `xml:"news"`
}

// parseSitemap reads a urlset (with Google News extensions) or a sitemap
// index. Entries are returned newest first when they carry dates.
func parseSitemap(body []byte, base string) (Discovery, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	d := Discovery{Kind: KindSitemap}
	root := ""
	for n := 0; n < maxEntries; {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return d, fmt.Errorf("sitemap: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		name := strings.ToLower(se.Name.Local)
		if root == "" {
			root = name
			if name != "urlset" && name != "sitemapindex" {
				return d, fmt.Errorf("%w: sitemap root <%s>", ErrNotSource, se.Name.Local)
			}
			d.Index = name == "sitemapindex"
			continue
		}
		if name != "url" && name != "sitemap" {
			continue
		}
		var e sitemapEntry
		if err := dec.DecodeElement(&e, &se); err != nil {
			return d, fmt.Errorf("sitemap entry: %w", err)
		}
		abs := resolve(base, strings.TrimSpace(e.Loc))
		if abs == "" {
			continue
		}
		c := Candidate{URL: abs, Title: strings.TrimSpace(e.News.Title)}
		for _, s := range []string{e.News.Published, e.LastMod} {
			if t, ok := reader.ParseDate(s); ok {
				c.Published = &t
				break
			}
		}
		if d.Index {
			d.Children = append(d.Children, c)
		} else {
			d.Items = append(d.Items, c)
		}
		n++
	}
	if root == "" {
		return d, fmt.Errorf("%w: empty sitemap", ErrNotSource)
	}
	newestFirst(d.Items)
	newestFirst(d.Children)
	return d, nil
}

// newestFirst orders dated entries newest first, undated ones after them
// in document order.
func newestFirst(cs []Candidate) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i].Published, cs[j].Published
		switch {
		case a == nil:
			return false
		case b == nil:
			return true
		default:
			return a.After(*b)
		}
	})
}

// defaultLinkSelector finds article links on a listing page without a
// configured selector.
const defaultLinkSelector = "article a[href], h1 a[href], h2 a[href], h3 a[href], a[rel~=bookmark]"

func parseListing(body []byte, contentType, base, selector string) ([]Candidate, error) {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	doc, err := goquery.NewDocumentFromReader(r)
	if err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	sameSite := selector == ""
	if selector == "" {
		selector = defaultLinkSelector
	}
	bu, _ := url.Parse(base)
	seen := map[string]bool{}
	var out []Candidate
	doc.Find(selector).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		href, _ := s.Attr("href")
		abs := resolve(base, href)
		if abs == "" || seen[abs] {
			return true
		}
		u, _ := url.Parse(abs)
		if sameSite && bu != nil && !sameSiteHost(bu.Hostname(), u.Hostname()) {
			return true
		}
		if bu != nil && u.Path == bu.Path && u.Host == bu.Host {
			return true // a link to the listing itself
		}
		seen[abs] = true
		out = append(out, Candidate{URL: abs, Title: strings.Join(strings.Fields(s.Text()), " ")})
		return len(out) < maxEntries
	})
	return out, nil
}

// sameSiteHost reports whether two hosts share their last two labels
// (news.example.com and www.example.com do).
func sameSiteHost(a, b string) bool {
	last2 := func(h string) string {
		parts := strings.Split(strings.TrimSuffix(strings.ToLower(h), "."), ".")
		if len(parts) <= 2 {
			return strings.Join(parts, ".")
		}
		return strings.Join(parts[len(parts)-2:], ".")
	}
	return last2(a) == last2(b)
}

// resolve makes ref absolute against base; only http(s) results, without
// fragment.
func resolve(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if b, err := url.Parse(base); err == nil && base != "" {
		u = b.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}
