package extract

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// Logistic is a logistic regression over string features: the probability
// that an example is positive is the logistic function of the sum of its
// features' weights and the bias. Unlike a perceptron's score it is a
// probability, so that a threshold on it means a precision.
type Logistic struct {
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
}

// Logit is the sum of the features' weights and the bias: the log-odds
// that features describe a positive example.
func (m *Logistic) Logit(features []string) float64 {
	s := m.Bias
	for _, f := range features {
		s += m.Weights[f]
	}
	return s
}

// Prob is the probability that features describe a positive example.
func (m *Logistic) Prob(features []string) float64 { return sigmoid(m.Logit(features)) }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Calibrate fits Platt scaling to a model trained like TrainLogistic: with
// the examples split into k groups (group[i] is example i's, in [0,k)), a
// model trained without each group gives the logits of that group's
// examples, and scale and shift are fitted so that sigmoid(scale*logit +
// shift) matches how often such held-out examples are positive. A model
// judges the examples it was trained on too well; held-out logits show
// how sure it may be on new ones.
func Calibrate(examples []Example, group []int, k, epochs int, l2 float64, seed uint64) (scale, shift float64) {
	return CalibrateOn(examples, group, nil, k, epochs, l2, seed)
}

// CalibrateOn is Calibrate with the scaling fitted to the held-out
// examples fit marks only (all when fit is nil): the models learn from
// every example, the scaling from the cases the model will be used on.
func CalibrateOn(examples []Example, group []int, fit []bool, k, epochs int, l2 float64, seed uint64) (scale, shift float64) {
	logits := make([]float64, len(examples))
	for g := 0; g < k; g++ {
		var train []Example
		for i, ex := range examples {
			if group[i] != g {
				train = append(train, ex)
			}
		}
		m := TrainLogistic(train, epochs, l2, seed)
		for i, ex := range examples {
			if group[i] == g {
				logits[i] = ex.Offset + m.Logit(ex.Features)
			}
		}
	}
	ys := make([]float64, 0, len(examples))
	zs := make([]float64, 0, len(examples))
	for i, ex := range examples {
		if fit != nil && !fit[i] {
			continue
		}
		y := 0.0
		if ex.Positive {
			y = 1
		}
		ys, zs = append(ys, y), append(zs, logits[i])
	}
	return plattFit(zs, ys)
}

// plattFit fits sigmoid(scale*z + shift) to the outcomes y of the
// log-odds z: a two-parameter logistic regression by Newton's method,
// each step halved until the log loss does not grow (a full step from
// far-off log-odds overshoots where the probabilities saturate).
func plattFit(zs, ys []float64) (scale, shift float64) {
	loss := func(a, b float64) float64 {
		var l float64
		for i, z := range zs {
			t := a*z + b
			// log(1+e^t) - y*t, computed without overflow
			l += math.Max(t, 0) + math.Log1p(math.Exp(-math.Abs(t))) - ys[i]*t
		}
		return l
	}
	scale, shift = 1, 0
	cur := loss(scale, shift)
	for it := 0; it < 100; it++ {
		var ga, gb, haa, hab, hbb float64
		for i, z := range zs {
			p := sigmoid(scale*z + shift)
			d := p - ys[i]
			w := p * (1 - p)
			ga += d * z
			gb += d
			haa += w * z * z
			hab += w * z
			hbb += w
		}
		haa, hbb = haa+1e-9, hbb+1e-9
		det := haa*hbb - hab*hab
		if det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		step := 1.0
		for ; step > 1e-6; step /= 2 {
			if l := loss(scale-step*da, shift-step*db); l <= cur {
				scale, shift, cur = scale-step*da, shift-step*db, l
				break
			}
		}
		if step <= 1e-6 || math.Abs(step*da)+math.Abs(step*db) < 1e-9 {
			break
		}
	}
	return scale, shift
}

// TrainLogistic fits a logistic regression by stochastic gradient descent
// with AdaGrad step sizes and L2 regularisation (l2 per example), epochs
// passes in an order shuffled with seed, so that training is reproducible.
func TrainLogistic(examples []Example, epochs int, l2 float64, seed uint64) *Logistic {
	const rate = 0.2
	w := map[string]float64{}
	g2 := map[string]float64{}
	var bias, biasG2 float64
	shuffledPasses(len(examples), epochs, seed, func(i int) {
		ex := examples[i]
		s := bias + ex.Offset
		for _, f := range ex.Features {
			s += w[f]
		}
		y := 0.0
		if ex.Positive {
			y = 1
		}
		grad := 1/(1+math.Exp(-s)) - y
		for _, f := range ex.Features {
			g := grad + l2*w[f]
			if g == 0 {
				continue // a saturated example; AdaGrad would divide 0 by 0
			}
			g2[f] += g * g
			w[f] -= rate * g / math.Sqrt(g2[f])
		}
		if grad != 0 {
			biasG2 += grad * grad
			bias -= rate * grad / math.Sqrt(biasG2)
		}
	})
	m := &Logistic{Bias: bias, Weights: make(map[string]float64, len(w))}
	for f, v := range w {
		if math.Abs(v) >= 1e-4 {
			m.Weights[f] = v
		}
	}
	return m
}

// JSON renders the model one weight per line, sorted by feature, so that a
// retrained model diffs line by line.
func (m *Logistic) JSON() ([]byte, error) { return weightsJSON("", m.Bias, m.Weights) }

// Example is one training instance: its features and whether it is a
// positive (true) or a negative (false) case.
type Example struct {
	Features []string
	Positive bool
	// Offset is log-odds a prior model already gives the example: training
	// then learns a correction to that model (see Plus), regularised towards
	// no correction, so that what the prior learnt from data no longer at
	// hand is kept wherever the new examples do not contradict it.
	Offset float64
}

// Plus returns the model whose log-odds are m's plus d's: a prior model
// with the correction trained on its offsets.
func (m *Logistic) Plus(d *Logistic) *Logistic {
	out := &Logistic{Bias: m.Bias + d.Bias, Weights: make(map[string]float64, len(m.Weights)+len(d.Weights))}
	for f, v := range m.Weights {
		out.Weights[f] = v
	}
	for f, v := range d.Weights {
		out.Weights[f] += v
	}
	return out
}

// shuffledPasses calls visit with every index below n, epochs times, each
// pass in an order shuffled by a generator seeded with seed: training is
// reproducible.
func shuffledPasses(n, epochs int, seed uint64, visit func(i int)) {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for e := 0; e < epochs; e++ {
		rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			visit(i)
		}
	}
}

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

// decodeModel parses a model's JSON; empty input gives no model and no
// error. Errors name the model (what).
func decodeModel[T any](b []byte, what string) (*T, error) {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, nil
	}
	var m T
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return &m, nil
}
