package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/extract"
)

// train-filter writes a calibrated confidence model that eval and the
// extractor load.
func TestTrainFilterWritesAModelEvalUses(t *testing.T) {
	corpus := filepath.Join("..", "..", "extract", "testdata", "corpus")
	model := filepath.Join(t.TempDir(), "model.json")
	var out, errb bytes.Buffer
	if code := realMain([]string{"train-filter", "-epochs", "5", "-calibrate", "3", "-o", model, corpus}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("train-filter: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "positive") || !strings.Contains(errb.String(), "calibration scale") {
		t.Errorf("train-filter reported %q", errb.String())
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	m, err := extract.LoadConfidenceModel(b)
	if err != nil || m == nil {
		t.Fatalf("the written model does not load: %v", err)
	}
	if len(m.Weights) == 0 || m.Scale <= 0 || m.Floor != 0 {
		t.Errorf("model: %d weights, scale %v, floor %v", len(m.Weights), m.Scale, m.Floor)
	}
	out.Reset()
	if code := realMain([]string{"eval", "-filter", model, "-min-confidence", "0.5", corpus}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("eval -filter: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "precision=") {
		t.Errorf("eval output: %s", out.String())
	}
	for _, bad := range [][]string{{"-floor", "1"}, {"-calibrate", "0"}, {"-l2", "-1"}} {
		if code := realMain(append(append([]string{"train-filter"}, bad...), corpus), strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("train-filter %v: exit %d, want 2", bad, code)
		}
	}
}
