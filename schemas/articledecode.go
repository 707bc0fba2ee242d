package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// fastArticle decodes the common article in one pass over raw, without
// the generic document the schema validator walks; ok is false for
// anything it does not handle, and the caller then takes the schema path
// (Validator.articleBySchema), which gives the answer and the error.
//
// It handles a top-level object whose members are article.v1.json's
// properties, each once, with plain keys, and values that are strings or
// null, decoded by scanString. It returns ok only for an article the
// schema accepts, and then the same Article (TestFastArticleAgreesWithSchema
// on edge cases, FuzzFastArticle on anything): every property the schema requires
// present, all strings (published_at may be null), schema_version
// "article.v1", id 16 lowercase hex digits, url and text not empty, and
// published_at and fetched_at date-times, by the schema library's own
// format check (dateTime) and then by time.Time's JSON decoding.
func fastArticle(raw []byte, dateTime func(string) error) (a Article, ok bool) {
	var vals [numArticleProps]string
	var seen, null [numArticleProps]bool
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return Article{}, false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return Article{}, false // no members: the schema refuses it
	}
	for {
		// A key, plain: no escapes, nothing but printable ASCII.
		if i >= len(raw) || raw[i] != '"' {
			return Article{}, false
		}
		j := i + 1
		for j < len(raw) && raw[j] != '"' {
			if c := raw[j]; c < 0x20 || c >= 0x80 || c == '\\' {
				return Article{}, false
			}
			j++
		}
		if j >= len(raw) {
			return Article{}, false
		}
		p := articleProp(string(raw[i+1 : j]))
		if p < 0 || seen[p] {
			return Article{}, false
		}
		seen[p] = true
		i = skipSpace(raw, j+1)
		if i >= len(raw) || raw[i] != ':' {
			return Article{}, false
		}
		i = skipSpace(raw, i+1)
		switch {
		case i < len(raw) && raw[i] == '"':
			s, end, ok := scanString(raw, i)
			if !ok {
				return Article{}, false
			}
			vals[p], i = s, end
		case len(raw)-i >= 4 && string(raw[i:i+4]) == "null":
			null[p], i = true, i+4
		default:
			return Article{}, false
		}
		i = skipSpace(raw, i)
		if i >= len(raw) {
			return Article{}, false
		}
		if raw[i] == '}' {
			break
		}
		if raw[i] != ',' {
			return Article{}, false
		}
		i = skipSpace(raw, i+1)
	}
	if skipSpace(raw, i+1) != len(raw) {
		return Article{}, false
	}
	for p := range numArticleProps {
		switch {
		case !seen[p]:
			if articlePropRequired(p) {
				return Article{}, false
			}
			continue
		case null[p]:
			if p != propPublishedAt {
				return Article{}, false
			}
			continue
		}
		s := vals[p]
		switch p {
		case propSchemaVersion:
			if s != ArticleVersion {
				return Article{}, false
			}
		case propID:
			if !isHexID(s) {
				return Article{}, false
			}
		case propURL, propText:
			if s == "" {
				return Article{}, false
			}
		case propPublishedAt, propFetchedAt:
			if dateTime(s) != nil {
				return Article{}, false
			}
			var t time.Time
			if t.UnmarshalText([]byte(s)) != nil {
				return Article{}, false
			}
			if p == propFetchedAt {
				a.FetchedAt = t
			} else {
				a.PublishedAt = &t
			}
			continue
		}
		*articleField(&a, p) = s
	}
	return a, true
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(raw []byte, i int) int {
	for i < len(raw) {
		switch raw[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanString decodes the JSON string starting at raw[i] (a quote) and
// returns it and the index after its closing quote. It decodes the
// escapes json.Marshal writes (\", \\, \n, \u003c, ...) itself, and leaves
// the rare rest (a UTF-16 surrogate escape, invalid UTF-8) to
// encoding/json, so that every string decodes exactly as it always did.
func scanString(raw []byte, i int) (s string, end int, ok bool) {
	var buf []byte // the decoded string, once an escape was met
	start, ascii := i+1, true
	j := start
	for j < len(raw) {
		c := raw[j]
		switch {
		case c == '"':
			// Escapes are ASCII, so the raw body is valid UTF-8 exactly
			// when every stretch between them is.
			if !ascii && !utf8.Valid(raw[i+1:j]) {
				return slowString(raw, i)
			}
			if buf == nil {
				return string(raw[start:j]), j + 1, true
			}
			return string(append(buf, raw[start:j]...)), j + 1, true
		case c == '\\':
			if j+1 >= len(raw) {
				return "", 0, false
			}
			if buf == nil {
				buf = make([]byte, 0, len(raw)-i)
			}
			buf = append(buf, raw[start:j]...)
			var r rune
			switch e := raw[j+1]; e {
			case '"', '\\', '/':
				r = rune(e)
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			case 'u':
				r = hex4(raw[j+2:])
				if r < 0 || utf16.IsSurrogate(r) {
					return slowString(raw, i)
				}
				j += 4
			default:
				return "", 0, false
			}
			buf = utf8.AppendRune(buf, r)
			j += 2
			start = j
			continue
		case c < 0x20:
			return "", 0, false
		case c >= 0x80:
			ascii = false
		}
		j++
	}
	return "", 0, false
}

// slowString is scanString by encoding/json.
func slowString(raw []byte, i int) (s string, end int, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw[i:]))
	if err := dec.Decode(&s); err != nil {
		return "", 0, false
	}
	return s, i + int(dec.InputOffset()), true
}

// hex4 is the value of the four hex digits at the start of b, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// The properties of article.v1.json, numbered.
const (
	propSchemaVersion = iota
	propID
	propURL
	propFetchedURL
	propSource
	propTitle
	propText
	propAuthor
	propLanguage
	propPublishedAt
	propFetchedAt
	propContentHash
	propSimhash
	propNearDuplicateOf
	numArticleProps
)

func articlePropName(i int) string {
	switch i {
	case propSchemaVersion:
		return "schema_version"
	case propID:
		return "id"
	case propURL:
		return "url"
	case propFetchedURL:
		return "fetched_url"
	case propSource:
		return "source"
	case propTitle:
		return "title"
	case propText:
		return "text"
	case propAuthor:
		return "author"
	case propLanguage:
		return "language"
	case propPublishedAt:
		return "published_at"
	case propFetchedAt:
		return "fetched_at"
	case propContentHash:
		return "content_hash"
	case propSimhash:
		return "simhash"
	case propNearDuplicateOf:
		return "near_duplicate_of"
	}
	return ""
}

// articleProp is the number of the property named key, or -1.
func articleProp(key string) int {
	for i := range numArticleProps {
		if articlePropName(i) == key {
			return i
		}
	}
	return -1
}

func articlePropRequired(i int) bool {
	switch i {
	case propSchemaVersion, propID, propURL, propTitle, propText, propFetchedAt:
		return true
	}
	return false
}

// articleField is the string field of a that property i fills (not the
// timestamps, which are parsed).
func articleField(a *Article, i int) *string {
	switch i {
	case propSchemaVersion:
		return &a.SchemaVersion
	case propID:
		return &a.ID
	case propURL:
		return &a.URL
	case propFetchedURL:
		return &a.FetchedURL
	case propSource:
		return &a.Source
	case propTitle:
		return &a.Title
	case propText:
		return &a.Text
	case propAuthor:
		return &a.Author
	case propLanguage:
		return &a.Language
	case propContentHash:
		return &a.ContentHash
	case propSimhash:
		return &a.Simhash
	case propNearDuplicateOf:
		return &a.NearDuplicateOf
	}
	panic(fmt.Sprintf("schemas: article property %d has no string field", i))
}
