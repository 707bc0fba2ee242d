package reader

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
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

// decodeHTML turns an HTML document's bytes into UTF-8 using, in order, a
// BOM, the contentType's charset parameter (may be ""), a <meta charset>
// in the first 1024 bytes, then UTF-8 if valid, else Windows-1252.
func decodeHTML(raw []byte, contentType string) (string, error) {
	if contentType == "" {
		contentType = "text/html"
	}
	enc, name, _ := charset.DetermineEncoding(raw, contentType)
	if enc == nil {
		enc = encoding.Nop
	}
	var out []byte
	switch name {
	case "utf-8":
		out = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(out) {
			// Declared UTF-8 but is not: salvage with replacement chars.
			out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
		}
	default:
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
