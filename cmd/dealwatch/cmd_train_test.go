package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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

// runTrain runs the training command cmd with flags on corpus, writing
// model, and returns the model file and what the command reported.
func runTrain(t *testing.T, cmd, model, corpus string, flags ...string) ([]byte, string) {
	t.Helper()
	var out, errb bytes.Buffer
	args := append(append([]string{cmd}, flags...), "-o", model, corpus)
	if code := realMain(args, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	return b, errb.String()
}

// keptFeatures counts the features of prior that model still weighs.
func keptFeatures(prior, model map[string]float64) int {
	kept := 0
	for f := range prior {
		if _, ok := model[f]; ok {
			kept++
		}
	}
	return kept
}

// trainFilter runs train-filter with flags on corpus, writing model, and
// returns the model as the extractor loads it and what the command reported.
func trainFilter(t *testing.T, model, corpus string, flags ...string) (*extract.ConfidenceModel, string) {
	t.Helper()
	b, report := runTrain(t, "train-filter", model, corpus, flags...)
	m, err := extract.LoadConfidenceModel(b)
	if err != nil || m == nil {
		t.Fatalf("the written model does not load: %v", err)
	}
	return m, report
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
	kept := keptFeatures(prior.Weights, m.Weights)
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

// roundCorpus writes a labelled corpus of our own funding-round articles
// whose later sentence names investors apart from the company.
func roundCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	type art struct {
		company, lead string
		millions      int
		text          string
	}
	arts := []art{
		{"zorvexlabs", "haldencapital", 200, "Zorvex Labs raised $200 million from Halden Capital. The backer list also includes Korvex Ventures and Brightline Partners."},
		{"quillmoorrobotics", "ostrafund", 80, "Quillmoor Robotics raised $80 million from Ostra Fund. The backer list also includes Tamsin Ventures and Lowgate Capital."},
		{"perrinai", "vellumpartners", 45, "Perrin AI raised $45 million from Vellum Partners. The backer list also includes Corrigan Ventures and Ashby Capital."},
		{"nimbarlabs", "orlenventures", 120, "Nimbar Labs raised $120 million from Orlen Ventures. The backer list also includes Sefton Capital and Marrow Partners."},
	}
	others := map[string][2]string{
		"zorvexlabs": {"korvexventures", "brightlinepartners"}, "quillmoorrobotics": {"tamsinventures", "lowgatecapital"},
		"perrinai": {"corriganventures", "ashbycapital"}, "nimbarlabs": {"seftoncapital", "marrowpartners"},
	}
	var gold strings.Builder
	for i, a := range arts {
		file := fmt.Sprintf("r%d.txt", i)
		if err := os.WriteFile(filepath.Join(dir, file), []byte(a.text), 0o644); err != nil {
			t.Fatal(err)
		}
		var evs []string
		o := others[a.company]
		for _, inv := range []string{a.lead, o[0], o[1]} {
			p := []string{inv, a.company}
			slices.Sort(p)
			amount := "null" // the others' share of the round is not told
			if inv == a.lead {
				amount = fmt.Sprintf(`{"value": %d000000, "currency": "USD", "qualifier": "exact"}`, a.millions)
			}
			evs = append(evs, fmt.Sprintf(`{"type": "commitment", "kind": "investment", "action": "new", "parties": ["%s", "%s"], "from": "%s", "to": "%s", "amount": %s}`, p[0], p[1], inv, a.company, amount))
		}
		fmt.Fprintf(&gold, `{"id": "r%d", "file": "%s", "published": "2026-01-05", "source": "test", "events": [%s], "optional": []}`+"\n", i, file, strings.Join(evs, ", "))
	}
	if err := os.WriteFile(filepath.Join(dir, "gold.jsonl"), []byte(gold.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// train-rounds learns, from the labelled articles, which organisations
// named apart from a round's company invest in it; eval -rounds uses the
// model.
func TestTrainRoundsWritesAModelEvalUses(t *testing.T) {
	corpus := roundCorpus(t)
	model := filepath.Join(t.TempDir(), "rounds.json")
	var out, errb bytes.Buffer
	if code := realMain([]string{"train-rounds", "-epochs", "20", "-calibrate", "1", "-min-count", "1", "-add-above", "0.4", "-o", model, corpus}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("train-rounds: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "8 examples (8 positive)") {
		t.Errorf("train-rounds reported %q, want 8 candidates, all investors", errb.String())
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	m, err := extract.LoadRoundModel(b)
	if err != nil || m == nil || m.AddAbove != 0.4 {
		t.Fatalf("the written model: %+v, %v", m, err)
	}
	if w := m.Weights["w:backer"]; w <= 0 {
		t.Errorf("weight of the investors' sentence's word = %v, want positive", w)
	}
	recall := func(args ...string) string {
		t.Helper()
		out.Reset()
		if code := realMain(append(append([]string{"eval", "--disable-stage", "veto"}, args...), corpus), strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("eval %v: exit %d: %s", args, code, errb.String())
		}
		return regexp.MustCompile(`tp=\d+`).FindString(out.String())
	}
	if without, with := recall("--disable-stage", "rounds"), recall("-rounds", model); without != "tp=4" || with != "tp=12" {
		t.Errorf("true positives without the round model %s, with it %s; want tp=4 and tp=12", without, with)
	}
	for _, bad := range [][]string{{"-add-above", "1"}, {"-min-count", "0"}, {"-epochs", "0"}} {
		if code := realMain(append(append([]string{"train-rounds"}, bad...), corpus), strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("train-rounds %v: exit %d, want 2", bad, code)
		}
	}
	// a corpus whose articles hold no round told apart has nothing to learn
	none := t.TempDir()
	if err := os.WriteFile(filepath.Join(none, "p.txt"), []byte("Nvidia and Microsoft announced a partnership on AI chips."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(none, "gold.jsonl"), []byte(`{"id": "p", "file": "p.txt", "events": [], "optional": []}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := realMain([]string{"train-rounds", "-o", model, none}, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(errb.String(), "no examples") {
		t.Errorf("train-rounds on a corpus without candidates: exit %d, %q", code, errb.String())
	}
}

// train-pairs -prior trains a correction to the shipped pair model or veto:
// the result holds the prior's features as well as the corpus's own, and a
// prior of the other kind (adding against dropping, names masked or not) is
// refused at start.
func TestTrainPairsCorrectsAPrior(t *testing.T) {
	corpus := filepath.Join("..", "..", "extract", "testdata", "corpus")
	for _, c := range []struct {
		veto bool
		args []string
	}{
		{false, []string{"-add-above", "0.6"}},
		{true, []string{"-drop-below", "0.4", "-mask-names"}},
	} {
		model := filepath.Join(t.TempDir(), "model.json")
		b, _ := runTrain(t, "train-pairs", model, corpus, append([]string{"-prior", "embedded", "-epochs", "2", "-calibrate", "1"}, c.args...)...)
		m, err := extract.LoadPairModel(b)
		if err != nil || m == nil {
			t.Fatalf("the written model does not load: %v", err)
		}
		prior, err := extract.EmbeddedPairModel(c.veto)
		if err != nil {
			t.Fatal(err)
		}
		kept := keptFeatures(prior.Weights, m.Weights)
		// our small corpus names a fraction of the prior's features
		if kept != len(prior.Weights) {
			t.Errorf("veto %v: the corrected model keeps %d of the prior's %d features", c.veto, kept, len(prior.Weights))
		}
		if (m.DropBelow > 0) != c.veto {
			t.Errorf("veto %v: drop_below %v", c.veto, m.DropBelow)
		}
	}
	var out, errb bytes.Buffer
	for _, bad := range [][]string{
		{"-prior", "embedded", "-mask-names"},               // the pair model reads names
		{"-prior", "embedded", "-drop-below", "0.4"},        // the veto masks them
		{"-prior", filepath.Join(t.TempDir(), "none.json")}, // no such file
		{"-prior", filepath.Join(corpus, "gold.jsonl")},     // not a model
		{"-prior", "../../extract/pair_veto.json"},          // a veto cannot correct a model that adds
	} {
		if code := realMain(append(append([]string{"train-pairs"}, bad...), corpus), strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("train-pairs %v: exit %d, want 2 (%s)", bad, code, errb.String())
		}
	}
}
