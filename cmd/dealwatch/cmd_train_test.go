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
	if len(m.Weights) == 0 || m.Scale <= 0 || m.Floor != 0.2 {
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

func TestTrainPairsWritesAModelEvalUses(t *testing.T) {
	corpus := filepath.Join("..", "..", "extract", "testdata", "corpus")
	model := filepath.Join(t.TempDir(), "pairs.json")
	var out, errb bytes.Buffer
	if code := realMain([]string{"train-pairs", "-epochs", "3", "-calibrate", "3", "-add-above", "0.6", "-o", model, corpus}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("train-pairs: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "positive") || !strings.Contains(errb.String(), "calibration scale") {
		t.Errorf("train-pairs reported %q", errb.String())
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	m, err := extract.LoadPairModel(b)
	if err != nil || m == nil {
		t.Fatalf("the written model does not load: %v", err)
	}
	if m.AddAbove != 0.6 || m.Scale <= 0 {
		t.Errorf("model: add_above %v, scale %v", m.AddAbove, m.Scale)
	}
	// Our own corpus states partnerships and investments between pairs of
	// organisations: the model learns both labels, and the rules' own
	// finding of a label is evidence for it.
	for _, f := range []string{"partnership|r:partnership", "commitment/investment|r:commitment/investment"} {
		if m.Weights[f] <= 0 {
			t.Errorf("weight of %s = %v, want positive", f, m.Weights[f])
		}
	}
	out.Reset()
	if code := realMain([]string{"eval", "-pairs", model, corpus}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("eval -pairs: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "precision=") {
		t.Errorf("eval output: %s", out.String())
	}
	for _, bad := range [][]string{{"-add-above", "1"}, {"-calibrate", "0"}, {"-epochs", "0"}} {
		if code := realMain(append(append([]string{"train-pairs"}, bad...), corpus), strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("train-pairs %v: exit %d, want 2", bad, code)
		}
	}
}
