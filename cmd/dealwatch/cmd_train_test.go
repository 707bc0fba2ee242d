package main

import (
	"bytes"
	"fmt"
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
	// -calibrate 1: the small corpus has 5 negative examples in 147, too few
	// to calibrate on (TestTrainFilterCorrectsAPrior shows that refused)
	m, report := trainFilter(t, model, corpus, "-epochs", "5", "-calibrate", "1")
	if !strings.Contains(report, "positive") || !strings.Contains(report, "calibration scale") {
		t.Errorf("train-filter reported %q", report)
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
	for _, bad := range [][]string{{"-floor", "1"}, {"-calibrate", "0"}, {"-l2", "-1"}, {"-prior", filepath.Join(t.TempDir(), "none.json")}, {"-prior", corpus}} {
		if code := realMain(append(append([]string{"train-filter"}, bad...), corpus), strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("train-filter %v: exit %d, want 2", bad, code)
		}
	}
}

// trainFilter runs train-filter with flags on corpus, writing model, and
// returns the model as the extractor loads it and what the command reported.
func trainFilter(t *testing.T, model, corpus string, flags ...string) (*extract.ConfidenceModel, string) {
	t.Helper()
	var out, errb bytes.Buffer
	args := append(append([]string{"train-filter"}, flags...), "-o", model, corpus)
	if code := realMain(args, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	m, err := extract.LoadConfidenceModel(b)
	if err != nil || m == nil {
		t.Fatalf("the written model does not load: %v", err)
	}
	return m, errb.String()
}

// train-filter -prior trains a correction to a model: the result holds the
// prior's features as well as the corpus's own.
func TestTrainFilterCorrectsAPrior(t *testing.T) {
	corpus := filepath.Join("..", "..", "extract", "testdata", "corpus")
	model := filepath.Join(t.TempDir(), "model.json")
	m, _ := trainFilter(t, model, corpus, "-prior", "embedded", "-epochs", "3", "-calibrate", "1")
	prior, err := extract.EmbeddedConfidenceModel()
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for f := range prior.Weights {
		if _, ok := m.Weights[f]; ok {
			kept++
		}
	}
	// the small corpus names a fraction of the prior's features: a model
	// from scratch would hold few of them
	if kept < len(prior.Weights)*9/10 {
		t.Errorf("the corrected model keeps %d of the prior's %d features", kept, len(prior.Weights))
	}
	if m.Scale != 1 {
		t.Errorf("calibration scale %v, want 1 (-calibrate 1)", m.Scale)
	}
	// calibration on a corpus whose held-out articles the model cannot rank
	// is refused, not written as a model the extractor would refuse to load
	var out, errb bytes.Buffer
	if code := realMain([]string{"train-filter", "-prior", "embedded", "-epochs", "3", "-calibrate", "3", "-o", model, corpus}, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(errb.String(), "no better than chance") {
		t.Errorf("train-filter with a negative calibration: exit %d, %q", code, errb.String())
	}
}

func TestTrainPairsWritesAModelEvalUses(t *testing.T) {
	corpus := filepath.Join("..", "..", "extract", "testdata", "corpus")
	model := filepath.Join(t.TempDir(), "pairs.json")
	var out, errb bytes.Buffer
	if code := realMain([]string{"train-pairs", "-epochs", "3", "-calibrate", "3", "-add-above", "0.6", "-add-above-for", "commitment/cloud_services=0.25", "-o", model, corpus}, strings.NewReader(""), &out, &errb); code != 0 {
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
	if m.AddAbove != 0.6 || m.Scale <= 0 || m.AddAboveFor["commitment/cloud_services"] != 0.25 || len(m.AddAboveFor) != 1 {
		t.Errorf("model: add_above %v, add_above_for %v, scale %v", m.AddAbove, m.AddAboveFor, m.Scale)
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
	for _, bad := range [][]string{{"-add-above", "1"}, {"-calibrate", "0"}, {"-epochs", "0"},
		{"-add-above-for", "commitment/equity=0.3"}, {"-add-above-for", "partnership=1.5"}, {"-add-above-for", "partnership"}} {
		if code := realMain(append(append([]string{"train-pairs"}, bad...), corpus), strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("train-pairs %v: exit %d, want 2", bad, code)
		}
	}
}

// train-filter and train-pairs leave out, and name, an article whose text is
// not the one its corpus's manifest recorded, as eval does: its examples
// are not learnt.
func TestTrainLeavesOutStaleTexts(t *testing.T) {
	src := filepath.Join("..", "..", "extract", "testdata", "corpus")
	corpus := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpus, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	examples := func(cmd string) (int, string) {
		t.Helper()
		var out, errb bytes.Buffer
		args := []string{cmd, "-epochs", "2", "-calibrate", "1", "-o", filepath.Join(t.TempDir(), "m.json"), corpus}
		if code := realMain(args, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		var n int
		i := strings.Index(errb.String(), cmd+": ")
		if i < 0 {
			t.Fatalf("%s reported %q", cmd, errb.String())
		}
		if _, err := fmt.Sscanf(errb.String()[i+len(cmd)+2:], "%d examples", &n); err != nil {
			t.Fatalf("%s reported %q: %v", cmd, errb.String(), err)
		}
		return n, errb.String()
	}
	for _, cmd := range []string{"train-filter", "train-pairs"} {
		before, _ := examples(cmd)
		// t001 (a deal the rules read) recorded with another text's hash
		manifest := `{"id":"t001","sha256":"0000000000000000000000000000000000000000000000000000000000000000"}` + "\n"
		if err := os.WriteFile(filepath.Join(corpus, "manifest.jsonl"), []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		after, report := examples(cmd)
		if !strings.Contains(report, "left out 1 articles") || !strings.Contains(report, "t001") {
			t.Errorf("%s: stderr %q: want t001 left out and named", cmd, report)
		}
		if after >= before {
			t.Errorf("%s: %d examples with t001 left out, %d with it: its examples were learnt", cmd, after, before)
		}
		if err := os.Remove(filepath.Join(corpus, "manifest.jsonl")); err != nil {
			t.Fatal(err)
		}
	}
}

// train-pairs -drop-below writes a veto model: it learns whether the
// labels hold a deal of a label between two organisations whatever its
// amount, masks names with -mask-names, and eval -veto scores with it.
func TestTrainPairsWritesAVetoEvalUses(t *testing.T) {
	corpus := filepath.Join("..", "..", "extract", "testdata", "corpus")
	model := filepath.Join(t.TempDir(), "veto.json")
	var out, errb bytes.Buffer
	if code := realMain([]string{"train-pairs", "-epochs", "3", "-calibrate", "3", "-drop-below", "0.3", "-confidence-under", "0.8", "-mask-names", "-o", model, corpus}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("train-pairs -drop-below: exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	m, err := extract.LoadPairModel(b)
	if err != nil || m == nil {
		t.Fatalf("the written veto does not load: %v", err)
	}
	if m.DropBelow != 0.3 || m.ConfidenceUnder != 0.8 || !m.MaskNames || m.AddAbove != 0 {
		t.Errorf("veto: drop_below %v, confidence_under %v, mask_names %v, add_above %v", m.DropBelow, m.ConfidenceUnder, m.MaskNames, m.AddAbove)
	}
	// our own corpus states its investments with amounts: a veto learns
	// them as deals, where a model that adds (without amounts) does not
	if w := m.Weights["commitment/investment|r:commitment/investment"]; w <= 0 {
		t.Errorf("weight of the rules' investment = %v, want positive", w)
	}
	for f := range m.Weights {
		if strings.Contains(f, "sw:openai") {
			t.Errorf("a masked model learnt a company's name: %s", f)
		}
	}
	out.Reset()
	if code := realMain([]string{"eval", "-veto", model, corpus}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("eval -veto: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "precision=") {
		t.Errorf("eval output: %s", out.String())
	}
	if code := realMain([]string{"eval", "-pairs", model, corpus}, strings.NewReader(""), &out, &errb); code == 0 {
		t.Error("eval -pairs took a veto model")
	}
	for _, bad := range [][]string{{"-drop-below", "1"}, {"-drop-below", "-0.1"}, {"-drop-below", "0.4", "-confidence-under", "0"},
		{"-drop-below", "0.4", "-add-above-for", "partnership=0.3"}} {
		if code := realMain(append(append([]string{"train-pairs"}, bad...), corpus), strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("train-pairs %v: exit %d, want 2", bad, code)
		}
	}
}
