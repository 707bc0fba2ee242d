package eval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestRunCorpusLeavesOutStaleTexts: an article whose cached text is not the
// one its manifest recorded is left out and listed, not scored against the
// labels; a corpus without a manifest is scored whole.
func TestRunCorpusLeavesOutStaleTexts(t *testing.T) {
	gold, texts := t.TempDir(), t.TempDir()
	lines := `{"id":"r1","file":"r1.txt","fold":"a","events":[{"type":"partnership","action":"formed","parties":["x","y"]}]}
{"id":"r2","file":"r2.txt","fold":"a","events":[{"type":"partnership","action":"formed","parties":["x","z"]}]}
`
	if err := os.WriteFile(filepath.Join(gold, "gold.jsonl"), []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"r1", "r2"} {
		if err := os.WriteFile(filepath.Join(texts, id+".txt"), []byte("text of "+id), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if h, err := LoadTextHashes(gold); err != nil || h != nil {
		t.Fatalf("no manifest: %v, %v; want nil, nil", h, err)
	}
	manifest := `{"id":"r1","sha256":"` + sha("text of r1") + `"}
{"id":"r2","sha256":"` + sha("an older version of r2") + `"}
`
	if err := os.WriteFile(filepath.Join(gold, "manifest.jsonl"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	hashes, err := LoadTextHashes(gold)
	if err != nil || len(hashes) != 2 {
		t.Fatalf("hashes %v, %v", hashes, err)
	}
	x := &countingExtractor{}
	rep, err := RunCorpus(context.Background(), gold, Options{TextDir: texts, TextHashes: hashes}, loadText, x)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Stale, []string{"r2"}) || rep.Counts.Articles != 1 || rep.Counts.FalseNegatives != 1 || !slices.Equal(x.texts, []string{"text of r1"}) {
		t.Fatalf("stale %v, counts %+v, texts %q; want r2 left out", rep.Stale, rep.Counts, x.texts)
	}
	rep, err = RunCorpus(context.Background(), gold, Options{TextDir: texts}, loadText, &countingExtractor{})
	if err != nil || rep.Stale != nil || rep.Counts.Articles != 2 {
		t.Fatalf("without hashes: stale %v, counts %+v, %v", rep.Stale, rep.Counts, err)
	}
	if err := os.WriteFile(filepath.Join(gold, "manifest.jsonl"), []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadTextHashes(gold); err == nil {
		t.Fatal("a broken manifest line was accepted")
	}
}
