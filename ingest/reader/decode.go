package reader

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// decodeText turns a text file's bytes into UTF-8: a UTF-8 BOM is dropped,
// UTF-16 with a BOM is decoded, valid UTF-8 is taken as is, and anything
// else that looks like text is decoded as Windows-1252. NUL bytes or many
// control characters mean binary data.
func decodeText(raw []byte) (string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte("\xff\xfe")), bytes.HasPrefix(raw, []byte("\xfe\xff")):
		out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		if err != nil {
			return "", fmt.Errorf("%w: bad UTF-16: %v", ErrUnreadable, err)
		}
		if err := checkBinary(out); err != nil {
			return "", err
		}
		return string(out), nil
	}
	if err := checkBinary(raw); err != nil {
		return "", err
	}
	if utf8.Valid(raw) {
		return string(raw), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return "", fmt.Errorf("%w: not UTF-8 and not Windows-1252: %v", ErrUnreadable, err)
	}
	return string(out), nil
}

// checkBinary rejects data with NUL bytes or with more than 1% control
// characters other than tab, newline, carriage return and form feed.
func checkBinary(b []byte) error {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return fmt.Errorf("%w: binary data (NUL byte at offset %d)", ErrUnreadable, i)
	}
	ctl := 0
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f {
			ctl++
		}
	}
	if ctl > 0 && ctl*100 > len(b) {
		return fmt.Errorf("%w: binary data (%d control bytes in %d)", ErrUnreadable, ctl, len(b))
	}
	return nil
}

// decodeHTML turns an HTML document's bytes into UTF-8 the way browsers
// choose its encoding (WHATWG "encoding sniffing"): a byte order mark, then
// the charset parameter of the HTTP Content-Type (contentType, may be ""),
// then a <meta charset> or <meta http-equiv=Content-Type> in the first
// 1024 bytes. A page that declares nothing and is valid UTF-8 is UTF-8
// (browsers do the same for undeclared pages that decode as UTF-8); only
// then is the encoding sniffed from the bytes (chardet), Windows-1252 when
// the guess is unsure. Declared labels are resolved with the WHATWG names
// (latin1 and iso-8859-1 are Windows-1252; a meta naming UTF-16 means UTF-8).
//
// The BOM wins over the HTTP header, as in browsers: a server's default
// charset is wrong far more often than a BOM the author's editor wrote.
func decodeHTML(raw []byte, contentType string) (string, error) {
	enc, name := htmlEncoding(raw, contentType)
	var out []byte
	if name == "utf-8" {
		out = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(out) {
			// Declared UTF-8 but is not: salvage with replacement chars.
			out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
		}
	} else {
		var err error
		out, err = enc.NewDecoder().Bytes(raw)
		if err != nil {
			return "", fmt.Errorf("%w: cannot decode %s: %v", ErrUnreadable, name, err)
		}
	}
	if err := checkBinary(out); err != nil {
		return "", err
	}
	return string(out), nil
}

// htmlEncoding picks the encoding of an HTML document and its WHATWG name.
func htmlEncoding(raw []byte, contentType string) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		return unicode.UTF8, "utf-8"
	case bytes.HasPrefix(raw, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(raw, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if enc, name := lookupCharset(params["charset"]); enc != nil {
			return enc, name
		}
	}
	if enc, name := lookupCharset(metaCharset(raw)); enc != nil {
		// A meta tag is read from ASCII-compatible bytes, so it cannot
		// honestly name UTF-16 (WHATWG: treat it as UTF-8).
		if strings.HasPrefix(name, "utf-16") {
			return unicode.UTF8, "utf-8"
		}
		return enc, name
	}
	if utf8.Valid(raw) {
		return unicode.UTF8, "utf-8"
	}
	return sniffCharset(raw)
}

// lookupCharset resolves an encoding label with the WHATWG table.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.TrimSpace(strings.Trim(strings.TrimSpace(label), `"'`))
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil || enc == nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	return enc, name
}

// metaPrescan is how far into the document a meta declaration is looked for
// (the HTML standard's prescan window).
const metaPrescan = 1024

// metaCharset returns the charset label declared by the first
// <meta charset> or <meta http-equiv="Content-Type" content="...;charset=">
// in the first metaPrescan bytes, or "".
func metaCharset(raw []byte) string {
	if len(raw) > metaPrescan {
		raw = raw[:metaPrescan]
	}
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var cs, equiv, content string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					equiv = strings.ToLower(strings.TrimSpace(string(v)))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return cs
			}
			if equiv == "content-type" {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return strings.Trim(params["charset"], `"' `)
				}
				// Lenient form some pages use: "text/html; charset = x".
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					if f := strings.FieldsFunc(content[i+len("charset="):], func(r rune) bool {
						return r == ' ' || r == ';' || r == '"' || r == '\''
					}); len(f) > 0 {
						return f[0]
					}
				}
			}
		}
	}
}

// sniffCharset guesses the encoding of undeclared bytes that are not UTF-8.
// A confident guess of a legacy multi-byte or Cyrillic/Greek/... code page
// is taken; anything else is Windows-1252, the web's default for Western
// pages (it decodes every byte, so the text is never lost).
func sniffCharset(raw []byte) (encoding.Encoding, string) {
	if res, err := chardet.NewHtmlDetector().DetectBest(raw); err == nil && res.Confidence >= 50 {
		if enc, name := lookupCharset(res.Charset); enc != nil && name != "utf-8" && !strings.HasPrefix(name, "utf-16") {
			return enc, name
		}
	}
	return charmap.Windows1252, "windows-1252"
}
