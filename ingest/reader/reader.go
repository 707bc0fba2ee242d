// Package reader turns the bytes of an article file or web page into
// article text and metadata. It is the one article reader of dealwatch:
// the crawler (ingest/crawl), local files (ingest/files) and
// `dealwatch extract` all go through it.
//
// HTML pages: the character set is chosen as browsers do (decodeHTML: BOM,
// HTTP Content-Type charset, <meta charset>, valid UTF-8, then a sniff);
// asides, footers and navigation are pruned; the article body is found by
// go-trafilatura with its readability and dom-distiller fallbacks (F1 0.969
// on the dev half of the public article-extraction benchmark, see
// BenchmarkReaderDev); metadata comes from our reading of Open Graph /
// article meta tags, JSON-LD, <time>, <html lang> and <link rel=canonical>,
// combined with go-trafilatura's where it measured better (mergeMeta).
//
// Text files: UTF-8, UTF-8 or UTF-16 with a BOM; any other byte sequence
// that is not valid UTF-8 but looks like text is decoded as Windows-1252
// (a superset of Latin-1 for printable characters). Line 1 is the headline;
// when line 2 is blank the body starts at line 3, else the whole content is
// the body.
//
// In both cases Text holds one paragraph per line ("\n" between paragraphs),
// whitespace inside a paragraph collapsed to single spaces, no blank lines.
package reader

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// MaxInput is the largest input Read, ReadHTML and ReadText accept.
const MaxInput = 16 << 20

// ErrUnreadable is wrapped by every error about the input itself: empty,
// binary, not decodable, too large, or without any text.
var ErrUnreadable = errors.New("unreadable article")

// ErrTooLarge is wrapped (together with ErrUnreadable) when the input is
// larger than MaxInput.
var ErrTooLarge = errors.New("input too large")

// Page is what the reader found in a file or page.
type Page struct {
	Title        string
	Text         string
	Author       string
	Language     string
	CanonicalURL string
	SiteName     string
	PublishedAt  *time.Time
}

// Read reads a file's content: HTML when the name ends in .html or .htm or
// the content (after a BOM and white space) starts with '<', text otherwise.
func Read(name string, raw []byte) (Page, error) {
	if isHTML(name, raw) {
		return ReadHTML(raw, "")
	}
	return ReadText(raw)
}

func isHTML(name string, raw []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	b := raw
	if len(b) > 4096 {
		b = b[:4096]
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		// UTF-16: look at the first non-space code unit.
		for i := 2; i+1 < len(b); i += 2 {
			var c byte
			if b[0] == 0xff {
				if b[i+1] != 0 {
					return false
				}
				c = b[i]
			} else {
				if b[i] != 0 {
					return false
				}
				c = b[i+1]
			}
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				continue
			}
			return c == '<'
		}
		return false
	}
	b = bytes.TrimLeft(b, " \t\r\n\f")
	return len(b) > 0 && b[0] == '<'
}

func checkSize(raw []byte) error {
	if len(raw) > MaxInput {
		return fmt.Errorf("%w: %w: %d bytes (limit %d)", ErrUnreadable, ErrTooLarge, len(raw), MaxInput)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return fmt.Errorf("%w: empty input", ErrUnreadable)
	}
	return nil
}
