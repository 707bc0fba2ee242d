package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(art, []byte("Amazon deal\n\nAmazon will invest up to $4 billion in Anthropic, the companies said.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(dir, "b.txt")
	if err := os.WriteFile(none, []byte("Weather\n\nIt rained in Seattle on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := realMain([]string{"extract", art, none}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&out)
	n := 0
	for sc.Scan() {
		e, err := v.DealEvent(sc.Bytes())
		if err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if e.Type != "commitment" || e.KindOf() != "investment" || e.Parties[0].ID != "amazon" || e.Parties[1].ID != "anthropic" {
			t.Errorf("unexpected event %+v", e)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("got %d events, want 1", n)
	}

	// stdin
	out.Reset()
	if code := realMain([]string{"extract", "-"}, strings.NewReader("Deal\n\nNvidia will invest $2 billion in Mistral AI.\n"), &out, &errb); code != 0 || !strings.Contains(out.String(), `"mistral"`) {
		t.Fatalf("stdin: exit %d, out %q", code, out.String())
	}

	// unreadable input: non-zero exit and a message, nothing on stdout
	bin := filepath.Join(dir, "c.txt")
	os.WriteFile(bin, []byte("PK\x03\x04\x00\x00\x00binary"), 0o644)
	out.Reset()
	errb.Reset()
	if code := realMain([]string{"extract", bin}, strings.NewReader(""), &out, &errb); code == 0 || out.Len() != 0 || !strings.Contains(errb.String(), "could not be read") {
		t.Fatalf("binary: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	// usage error
	if code := realMain([]string{"extract"}, strings.NewReader(""), &out, &errb); code != 2 {
		t.Fatalf("no args: exit %d, want 2", code)
	}
}

// TestExtractBadFiles: a 10 MB page, deeply nested HTML and Latin-1 text
// give a clear error or zero events, never a panic.
func TestExtractBadFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.html")
	page := "<html><body><article>" + strings.Repeat("<p>Nvidia will invest $1 billion in Mistral AI. Shares rose.</p>", 170000) + "</article></body></html>"
	if err := os.WriteFile(big, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(dir, "nested.html")
	os.WriteFile(nested, []byte("<html><body>"+strings.Repeat("<div>", 100000)+"OpenAI will spend $5 billion on Oracle Cloud Infrastructure."+strings.Repeat("</div>", 100000)+"</body></html>"), 0o644)
	latin1 := filepath.Join(dir, "latin1.txt")
	os.WriteFile(latin1, []byte("Caf\xe9\n\nSoci\xe9t\xe9 G\xe9n\xe9rale will invest \xa3100 million in Mistral AI.\n"), 0o644)
	for _, f := range []string{big, nested, latin1} {
		var out, errb bytes.Buffer
		code := realMain([]string{"extract", f}, strings.NewReader(""), &out, &errb)
		if code != 0 && code != 1 {
			t.Errorf("%s: exit %d", filepath.Base(f), code)
		}
		if code == 1 && errb.Len() == 0 {
			t.Errorf("%s: failed without a message", filepath.Base(f))
		}
		v, _ := schemas.NewValidator()
		sc := bufio.NewScanner(&out)
		sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
		for sc.Scan() {
			if _, err := v.DealEvent(sc.Bytes()); err != nil {
				t.Errorf("%s: invalid event: %v", filepath.Base(f), err)
			}
		}
	}
}

func TestExtractBenchCommand(t *testing.T) {
	var out, errb bytes.Buffer
	dir := filepath.Join("..", "..", "extract", "testdata", "bench")
	if code := realMain([]string{"extract", "--bench", dir, "--benchtime", "1ms"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "articles/s per core") || !strings.Contains(out.String(), "allocs/article") {
		t.Fatalf("output %q", out.String())
	}
}
