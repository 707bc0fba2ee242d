package reader

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

// page wraps a body in an HTML document with the given head.
func page(head, body string) []byte {
	return []byte("<!doctype html><html><head>" + head + "<title>T</title></head><body><article><p>" + body + "</p></article></body></html>")
}

func win1252(t *testing.T, s string) string {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCharsetOrder: the encoding is chosen as browsers do.
func TestCharsetOrder(t *testing.T) {
	const text = "Müller’s “café” deal — 5 € naïve"
	cp := win1252(t, text)
	sjis, err := japanese.ShiftJIS.NewEncoder().String("クラウド事業者との契約を発表しました。データセンターの計算能力を五年間提供する。")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, contentType string
		raw               []byte
		want              string
	}{
		// The pages of the issue: UTF-8, no declaration anywhere.
		{"utf-8, nothing declared", "", page("", text), text},
		{"utf-8, no head at all", "", []byte("<p>" + text + "</p>"), text},
		{"utf-8, header without charset", "text/html", page("", text), text},
		{"header charset", "text/html; charset=windows-1252", page("", cp), text},
		{"header charset beats meta", "text/html; charset=ISO-8859-1", page(`<meta charset="utf-8">`, cp), text},
		{"BOM beats header", "text/html; charset=iso-8859-1", append([]byte("\xef\xbb\xbf"), page("", text)...), text},
		{"meta charset", "", page(`<meta charset="windows-1252">`, cp), text},
		{"meta http-equiv", "", page(`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`, cp), text},
		{"meta label latin1 is windows-1252", "", page(`<meta charset=latin1>`, cp), text},
		{"meta naming utf-16 means utf-8", "", page(`<meta charset="utf-16">`, text), text},
		{"meta charset wins over valid utf-8", "", page(`<meta charset="windows-1252">`, "caf\xc3\xa9 deal"), "cafÃ© deal"},
		{"bad header label falls through to meta", "text/html; charset=bogus", page(`<meta charset="windows-1252">`, cp), text},
		{"undeclared, not utf-8: windows-1252", "", page("", cp), text},
		{"undeclared shift_jis is sniffed", "", page("", sjis), "クラウド事業者との契約を発表しました。データセンターの計算能力を五年間提供する。"},
	}
	for _, c := range cases {
		p, err := ReadHTTP(c.raw, "", c.contentType)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if p.Text != c.want {
			t.Errorf("%s: Text = %q, want %q", c.name, p.Text, c.want)
		}
	}
}

// A meta declaration past the first 1024 bytes is not seen (as in
// browsers); the page is then taken as UTF-8 when it is valid UTF-8.
func TestMetaCharsetPrescanWindow(t *testing.T) {
	head := "<meta name=x content=\"" + strings.Repeat("a", 1100) + "\"><meta charset=windows-1252>"
	p, err := ReadHTML(page(head, "café society"), "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "café society" {
		t.Errorf("Text = %q", p.Text)
	}
	if got := metaCharset(page(`<meta http-equiv=content-type content="text/html;charset = 'koi8-r'">`, "")); got != "koi8-r" {
		t.Errorf("lenient http-equiv: %q", got)
	}
}
