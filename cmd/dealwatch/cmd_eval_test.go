package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalCommand(t *testing.T) {
	var out, errb bytes.Buffer
	corpus := filepath.Join("..", "..", "extract", "testdata", "corpus")
	if code := realMain([]string{"eval", corpus}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"precision=", "recall=", "f1=", "action_acc=", "direction_acc=", "qualifier_acc="} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if code := realMain([]string{"eval", t.TempDir()}, strings.NewReader(""), &out, &errb); code != 1 {
		t.Errorf("dir without gold: exit %d, want 1", code)
	}
}

// eval measures the extractor as it is configured elsewhere (--disable-stage,
// --gazetteer) and what a confidence threshold keeps.
func TestEvalConfigurationAndThreshold(t *testing.T) {
	corpus := filepath.Join("..", "..", "extract", "testdata", "corpus")
	predicted := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := realMain(append(append([]string{"eval"}, args...), corpus), strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("eval %v: exit %d: %s", args, code, errb.String())
		}
		line := strings.SplitN(out.String(), "\n", 2)[0]
		i := strings.Index(line, "predicted=")
		if i < 0 {
			t.Fatalf("no predicted= in %q", line)
		}
		return strings.Fields(line[i:])[0]
	}
	all := predicted()
	if fewer := predicted("-disable-stage", "title,pairs"); fewer == all {
		t.Errorf("switching stages off changed nothing: %s", all)
	}
	if none := predicted("-min-confidence", "0.999"); none != "predicted=0" {
		t.Errorf("-min-confidence 0.999 kept events: %s", none)
	}
	var out, errb bytes.Buffer
	if code := realMain([]string{"eval", "-disable-stage", "nosuchstage", corpus}, strings.NewReader(""), &out, &errb); code != 2 {
		t.Errorf("unknown stage: exit %d, want 2 (%s)", code, errb.String())
	}
}

// eval leaves out, and names on stderr, an article whose cached text is not
// the one its corpus's manifest recorded.
func TestEvalLeavesOutStaleTexts(t *testing.T) {
	gold, texts := t.TempDir(), t.TempDir()
	write := func(dir, name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(gold, "gold.jsonl", `{"id":"q1","file":"q1.txt","events":[]}
{"id":"q2","file":"q2.txt","events":[]}
`)
	write(texts, "q1.txt", "Deal news\n\nOracle signed a partnership with Nvidia.\n")
	write(texts, "q2.txt", "Deal news\n\nA text rebuilt later.\n")
	write(gold, "manifest.jsonl", `{"id":"q2","sha256":"0000000000000000000000000000000000000000000000000000000000000000"}
`)
	var out, errb bytes.Buffer
	if code := realMain([]string{"eval", "-texts", texts, gold}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "articles=1 ") || !strings.Contains(errb.String(), "left out 1 articles") || !strings.Contains(errb.String(), "q2") {
		t.Fatalf("stdout %q stderr %q: want q2 left out and named", out.String(), errb.String())
	}
}
