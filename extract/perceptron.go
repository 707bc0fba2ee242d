package extract

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
)

// Perceptron is a binary averaged perceptron over string features, the
// learner prose uses for its tagger: weights move by ±1 on every mistake
// and the model keeps the average of the weights over all updates, which
// makes it stable on small training sets. The zero value scores every
// input 0.
type Perceptron struct {
	// Weights maps a feature to its averaged weight.
	Weights map[string]float64 `json:"weights"`
	// Bias is added to every score; a positive score means "keep".
	Bias float64 `json:"bias"`
}

// Example is one training instance: its features and whether it is a
// positive (true) or a negative (false) case.
type Example struct {
	Features []string
	Positive bool
}

// Score is the sum of the weights of the features plus the bias.
func (p *Perceptron) Score(features []string) float64 {
	s := p.Bias
	for _, f := range features {
		s += p.Weights[f]
	}
	return s
}

// TrainPerceptron learns an averaged perceptron from examples in epochs
// passes, shuffling with a fixed seed so that training is reproducible.
func TrainPerceptron(examples []Example, epochs int, seed uint64) *Perceptron {
	w := map[string]float64{}     // current weights
	total := map[string]float64{} // sum of weights over time (lazy)
	stamp := map[string]int{}     // step of the last update of each weight
	var bias, biasTotal float64
	biasStamp := 0
	step := 0
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	update := func(f string, d float64) {
		total[f] += float64(step-stamp[f]) * w[f]
		stamp[f] = step
		w[f] += d
	}
	for e := 0; e < epochs; e++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			ex := examples[i]
			s := bias
			for _, f := range ex.Features {
				s += w[f]
			}
			want := -1.0
			if ex.Positive {
				want = 1
			}
			if s*want <= 0 {
				for _, f := range ex.Features {
					update(f, want)
				}
				biasTotal += float64(step-biasStamp) * bias
				biasStamp = step
				bias += want
			}
			step++
		}
	}
	avg := &Perceptron{Weights: make(map[string]float64, len(w))}
	if step == 0 {
		return avg
	}
	for f, v := range w {
		t := total[f] + float64(step-stamp[f])*v
		if a := t / float64(step); a != 0 {
			avg.Weights[f] = a
		}
	}
	avg.Bias = (biasTotal + float64(step-biasStamp)*bias) / float64(step)
	return avg
}

// JSON renders the model one weight per line, sorted by feature, so that a
// retrained model diffs line by line. json.Unmarshal reads it back.
func (p *Perceptron) JSON() ([]byte, error) { return weightsJSON("", p.Bias, p.Weights) }

// weightsJSON renders a linear model: head (lines of further fields, each
// ending with a comma), the bias, then one weight per line sorted by
// feature.
func weightsJSON(head string, bias float64, weights map[string]float64) ([]byte, error) {
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf := []byte(fmt.Sprintf("{\n%s  \"bias\": %s,\n  \"weights\": {", head, jsonFloat(bias)))
	for i, k := range keys {
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n    "...)
		buf = append(buf, kb...)
		buf = append(buf, ": "...)
		buf = append(buf, jsonFloat(weights[k])...)
	}
	buf = append(buf, "\n  }\n}\n"...)
	return buf, nil
}

func jsonFloat(v float64) string { return fmt.Sprintf("%.4f", v) }
