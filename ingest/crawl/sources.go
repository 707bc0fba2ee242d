package crawl

import (
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"go.yaml.in/yaml/v3"
)

// Kind is what a source URL serves.
type Kind string

// Source kinds. KindAuto detects the kind from the fetched document.
const (
	KindAuto    Kind = "auto"
	KindFeed    Kind = "feed"    // RSS, Atom or JSON Feed
	KindSitemap Kind = "sitemap" // XML sitemap, sitemap index or news sitemap
	KindListing Kind = "listing" // HTML page linking to articles
)

// ErrSources is wrapped by every sources-file problem.
var ErrSources = errors.New("bad sources")

// DefaultSourcesYAML is the shipped sources file (ingest/crawl/sources.yaml).
//
//go:embed sources.yaml
var DefaultSourcesYAML []byte

// Source is one place the crawler looks for articles.
type Source struct {
	// Name identifies the source in logs and metrics and becomes
	// Article.Source.
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	Kind Kind   `yaml:"kind"`
	// Selector is the CSS selector for article links on a listing page;
	// empty means links inside <article> and headings on the same site.
	Selector string `yaml:"selector"`
	// Include and Exclude are regular expressions on article URLs: a URL
	// must match one Include pattern (when there are any) and no Exclude.
	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`
	// Relevance turns the topic filter (AI, cloud, chips) on or off
	// (default on); Keywords adds words to its vocabulary.
	Relevance *bool    `yaml:"relevance"`
	Keywords  []string `yaml:"keywords"`
	// Interval between crawls of this source in daemon mode.
	Interval time.Duration `yaml:"interval"`
	// MaxItems bounds the new articles fetched per crawl of the source.
	MaxItems int `yaml:"max_items"`
	// MaxAge skips entries whose feed or sitemap date is older (0: no limit).
	MaxAge time.Duration `yaml:"max_age"`

	include, exclude []*regexp.Regexp
	relevance        *Relevance
}

// SourcesFile is the YAML layout of a sources file.
type SourcesFile struct {
	// Defaults fill the fields a source leaves empty.
	Defaults Source   `yaml:"defaults"`
	Sources  []Source `yaml:"sources"`
}

// Built-in defaults for fields neither a source nor the file's defaults set.
const (
	DefaultInterval = 30 * time.Minute
	DefaultMaxItems = 50
	DefaultMaxAge   = 7 * 24 * time.Hour
)

// LoadSources reads a sources file; "" gives the shipped default file.
func LoadSources(path string) ([]Source, error) {
	raw := DefaultSourcesYAML
	if path != "" {
		var err error
		if raw, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSources, err)
		}
	}
	return ParseSources(raw)
}

// ParseSources parses and validates a sources file.
func ParseSources(raw []byte) ([]Source, error) {
	var f SourcesFile
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSources, err)
	}
	if len(f.Sources) == 0 {
		return nil, fmt.Errorf("%w: no sources", ErrSources)
	}
	names := map[string]bool{}
	out := make([]Source, 0, len(f.Sources))
	for i, s := range f.Sources {
		s = s.withDefaults(f.Defaults)
		if err := s.Prepare(); err != nil {
			return nil, fmt.Errorf("%w: source %d: %v", ErrSources, i+1, err)
		}
		if names[s.Name] {
			return nil, fmt.Errorf("%w: duplicate source name %q", ErrSources, s.Name)
		}
		names[s.Name] = true
		out = append(out, s)
	}
	return out, nil
}

func (s Source) withDefaults(d Source) Source {
	if s.Kind == "" {
		s.Kind = d.Kind
	}
	if s.Relevance == nil {
		s.Relevance = d.Relevance
	}
	if s.Interval == 0 {
		s.Interval = d.Interval
	}
	if s.MaxItems == 0 {
		s.MaxItems = d.MaxItems
	}
	if s.MaxAge == 0 {
		s.MaxAge = d.MaxAge
	}
	s.Include = append(append([]string(nil), d.Include...), s.Include...)
	s.Exclude = append(append([]string(nil), d.Exclude...), s.Exclude...)
	s.Keywords = append(append([]string(nil), d.Keywords...), s.Keywords...)
	return s
}

// Prepare checks a source, fills built-in defaults and compiles its
// patterns. Sources made in code (--source URL) call it too.
func (s *Source) Prepare() error {
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q: want an absolute http(s) URL", s.URL)
	}
	if s.Name == "" {
		s.Name = u.Host
	}
	switch s.Kind {
	case "":
		s.Kind = KindAuto
	case KindAuto, KindFeed, KindSitemap, KindListing:
	default:
		return fmt.Errorf("%s: unknown kind %q (auto, feed, sitemap, listing)", s.Name, s.Kind)
	}
	if s.Interval <= 0 {
		s.Interval = DefaultInterval
	}
	if s.MaxItems <= 0 {
		s.MaxItems = DefaultMaxItems
	}
	if s.MaxAge < 0 {
		return fmt.Errorf("%s: negative max_age", s.Name)
	}
	if s.MaxAge == 0 {
		s.MaxAge = DefaultMaxAge
	}
	if s.Selector != "" {
		if err := checkSelector(s.Selector); err != nil {
			return fmt.Errorf("%s: selector %q: %v", s.Name, s.Selector, err)
		}
	}
	s.include, s.exclude = nil, nil
	for _, p := range s.Include {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("%s: include %q: %v", s.Name, p, err)
		}
		s.include = append(s.include, re)
	}
	for _, p := range s.Exclude {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("%s: exclude %q: %v", s.Name, p, err)
		}
		s.exclude = append(s.exclude, re)
	}
	if s.Relevance == nil || *s.Relevance {
		s.relevance = NewRelevance(s.Keywords)
	} else {
		s.relevance = nil
	}
	return nil
}

// Wants reports whether an article URL passes the include/exclude patterns.
func (s *Source) Wants(u string) bool {
	for _, re := range s.exclude {
		if re.MatchString(u) {
			return false
		}
	}
	if len(s.include) == 0 {
		return true
	}
	for _, re := range s.include {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

func checkSelector(sel string) error {
	_, err := cascadia.ParseGroup(sel)
	return err
}
