package main

import (
	"bytes"
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
