package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const readTestPage = `<!doctype html><html lang="en-GB"><head>
<title>Kestrel Cloud signs GPU lease with Larch AI | Compute Weekly</title>
<meta property="og:site_name" content="Compute Weekly">
<meta property="article:published_time" content="2026-03-02T08:30:00Z">
<link rel="canonical" href="/2026/03/kestrel-larch">
</head><body>
<nav><a href="/">Home</a> <a href="/cloud">Cloud</a></nav>
<article><h1>Kestrel Cloud signs GPU lease with Larch AI</h1>
<p>Kestrel Cloud has agreed to lease graphics processors to Larch AI for three years, the companies said on Monday, in a deal worth about $400 million.</p>
<p>Larch AI will use the capacity to train its next language models. Kestrel said the chips would come online in its Oslo data center from the summer.</p>
<p>Neither company gave the number of processors. Larch AI also rents capacity from two other providers.</p>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/x">Nimbus buys a chip maker</a></li><li><a href="/y">Quantara raises $1 billion</a></li></ul></aside>
<footer>© 2026 Compute Weekly</footer>
</body></html>`

func decodeReadOutputs(t *testing.T, b []byte) []readOutput {
	t.Helper()
	var outs []readOutput
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var o readOutput
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		outs = append(outs, o)
	}
	return outs
}

func checkReadTestPage(t *testing.T, o readOutput, canonicalBase string) {
	t.Helper()
	if o.Title != "Kestrel Cloud signs GPU lease with Larch AI" {
		t.Errorf("title = %q", o.Title)
	}
	if !strings.HasPrefix(o.Text, "Kestrel Cloud has agreed to lease graphics processors") || !strings.Contains(o.Text, "\nNeither company gave") {
		t.Errorf("text = %q", o.Text)
	}
	for _, junk := range []string{"Related stories", "Nimbus buys", "Home", "© 2026"} {
		if strings.Contains(o.Text, junk) {
			t.Errorf("text holds %q: %q", junk, o.Text)
		}
	}
	if o.PublishedAt == nil || o.PublishedAt.UTC().Format("2006-01-02T15:04:05Z") != "2026-03-02T08:30:00Z" {
		t.Errorf("published_at = %v", o.PublishedAt)
	}
	if want := canonicalBase + "/2026/03/kestrel-larch"; canonicalBase != "" && o.CanonicalURL != want {
		t.Errorf("canonical_url = %q, want %q", o.CanonicalURL, want)
	}
	if o.SiteName != "Compute Weekly" || o.Language != "en-GB" {
		t.Errorf("site_name = %q, language = %q", o.SiteName, o.Language)
	}
}

func TestReadCommandFiles(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "story.html")
	txt := filepath.Join(dir, "note.txt")
	os.WriteFile(page, []byte(readTestPage), 0o644)
	os.WriteFile(txt, []byte("Acme and Beta sign a deal\n\nAcme will buy chips from Beta.\n"), 0o644)
	var out, errb bytes.Buffer
	if code := realMain([]string{"read", page, txt, "-"}, strings.NewReader("Stdin headline\n\nStdin body."), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	outs := decodeReadOutputs(t, out.Bytes())
	if len(outs) != 3 {
		t.Fatalf("got %d objects, want 3: %s", len(outs), out.String())
	}
	if outs[0].File != page || outs[0].URL != "" {
		t.Errorf("file = %q, url = %q", outs[0].File, outs[0].URL)
	}
	checkReadTestPage(t, outs[0], "")
	if outs[1].File != txt || outs[1].Title != "Acme and Beta sign a deal" || outs[1].Text != "Acme will buy chips from Beta." {
		t.Errorf("text file: %+v", outs[1])
	}
	if outs[2].File != "-" || outs[2].Text != "Stdin body." {
		t.Errorf("stdin: %+v", outs[2])
	}
	// Every key is present, null or "" when unknown, so scripts can rely on them.
	line, _, _ := strings.Cut(out.String(), "\n")
	for _, k := range []string{`"file"`, `"title"`, `"text"`, `"published_at"`, `"canonical_url"`, `"site_name"`, `"language"`} {
		if !strings.Contains(line, k) {
			t.Errorf("output lacks %s: %s", k, line)
		}
	}

	// An unreadable input: the others are still printed, exit 1, a message.
	bin := filepath.Join(dir, "x.txt")
	os.WriteFile(bin, []byte("PK\x03\x04\x00\x00binary"), 0o644)
	out.Reset()
	errb.Reset()
	code := realMain([]string{"read", bin, txt}, strings.NewReader(""), &out, &errb)
	if code != 1 || len(decodeReadOutputs(t, out.Bytes())) != 1 || !strings.Contains(errb.String(), "1 of 2 inputs could not be read") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	if code := realMain([]string{"read"}, strings.NewReader(""), &out, &errb); code != 2 {
		t.Errorf("no argument: exit %d, want 2", code)
	}
}

func TestReadCommandURL(t *testing.T) {
	var robotsHits, pageHits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			robotsHits++
			w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
		case "/story":
			pageHits++
			if !strings.HasPrefix(r.Header.Get("User-Agent"), "dealwatch-crawler/") {
				t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
			}
			w.Header().Set("Content-Type", "text/html") // no charset: the page is UTF-8 and declares none
			w.Write([]byte(readTestPage))
		case "/latin1":
			// The charset is only in the HTTP header: the fetcher must hand it on.
			w.Header().Set("Content-Type", "text/html; charset=windows-1252")
			w.Write([]byte("<html><body><article><p>Caf\xe9 owner M\xfcller signs \x93exclusive\x94 deal for 5 \x80.</p></article></body></html>"))
		case "/image":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG"))
		case "/private/x":
			t.Error("fetched a path robots.txt disallows")
		}
	}))
	defer srv.Close()

	var out, errb bytes.Buffer
	if code := realMain([]string{"read", "--allow-private", srv.URL + "/story", srv.URL + "/latin1"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	outs := decodeReadOutputs(t, out.Bytes())
	if len(outs) != 2 {
		t.Fatalf("got %d objects: %s", len(outs), out.String())
	}
	if outs[0].URL != srv.URL+"/story" || outs[0].File != "" {
		t.Errorf("url = %q, file = %q", outs[0].URL, outs[0].File)
	}
	checkReadTestPage(t, outs[0], srv.URL)
	if outs[1].Text != "Café owner Müller signs “exclusive” deal for 5 €." {
		t.Errorf("header charset not used: %q", outs[1].Text)
	}
	if robotsHits != 1 || pageHits != 1 {
		t.Errorf("robots.txt fetched %d times, page %d times; want 1 and 1", robotsHits, pageHits)
	}

	// Without --allow-private the fetcher's address check refuses loopback.
	out.Reset()
	errb.Reset()
	if code := realMain([]string{"read", srv.URL + "/story"}, strings.NewReader(""), &out, &errb); code != 1 || out.Len() != 0 {
		t.Errorf("loopback without --allow-private: exit %d, stdout %q", code, out.String())
	}
	if pageHits != 1 {
		t.Errorf("the page was fetched without --allow-private")
	}
	// robots.txt and content type are honoured as in the crawler.
	for _, path := range []string{"/private/x", "/image"} {
		out.Reset()
		errb.Reset()
		if code := realMain([]string{"read", "--allow-private", srv.URL + path}, strings.NewReader(""), &out, &errb); code != 1 || out.Len() != 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", path, code, out.String(), errb.String())
		}
	}
}
