package extract

import (
	"encoding/json"
	"testing"
)

func TestPerceptronLearnsSeparableData(t *testing.T) {
	// "keep" when the evidence says "signed", drop when it says "total",
	// whatever else the example carries.
	var exs []Example
	for i := 0; i < 20; i++ {
		noise := []string{"w=a", "w=b", "w=c"}[i%3]
		exs = append(exs,
			Example{Features: []string{"w=signed", noise}, Positive: true},
			Example{Features: []string{"w=total", noise}})
	}
	p := TrainPerceptron(exs, 5, 1)
	if s := p.Score([]string{"w=signed", "w=b"}); s <= 0 {
		t.Errorf("score of a positive = %v, want > 0", s)
	}
	if s := p.Score([]string{"w=total", "w=b"}); s >= 0 {
		t.Errorf("score of a negative = %v, want < 0", s)
	}
	if p.Weights["w=signed"] <= p.Weights["w=a"] {
		t.Errorf("the deciding feature weighs %v, noise %v", p.Weights["w=signed"], p.Weights["w=a"])
	}
}

func TestPerceptronDeterministicAndRoundTrips(t *testing.T) {
	exs := []Example{
		{Features: []string{"x", "y"}, Positive: true},
		{Features: []string{"y", "z"}},
		{Features: []string{"x"}, Positive: true},
		{Features: []string{"z"}},
	}
	a, b := TrainPerceptron(exs, 7, 3), TrainPerceptron(exs, 7, 3)
	ja, err := a.JSON()
	if err != nil {
		t.Fatal(err)
	}
	jb, _ := b.JSON()
	if string(ja) != string(jb) {
		t.Fatalf("same seed, different models:\n%s\n%s", ja, jb)
	}
	var back Perceptron
	if err := json.Unmarshal(ja, &back); err != nil {
		t.Fatalf("model JSON does not parse: %v\n%s", err, ja)
	}
	for _, f := range [][]string{{"x"}, {"z"}, {"x", "y", "z"}} {
		if d := back.Score(f) - a.Score(f); d > 1e-3 || d < -1e-3 {
			t.Errorf("score %v: %v after the round trip, %v before", f, back.Score(f), a.Score(f))
		}
	}
}

func TestEmptyConfidenceModelKeepsEverything(t *testing.T) {
	m, err := LoadConfidenceModel([]byte("  \n"))
	if err != nil || m != nil {
		t.Fatalf("LoadConfidenceModel(blank) = %v, %v; want no model", m, err)
	}
	if _, err := LoadConfidenceModel([]byte("{")); err == nil {
		t.Fatal("a broken model file loaded without error")
	}
}
