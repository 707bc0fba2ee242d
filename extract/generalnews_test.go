package extract

import (
	"strings"
	"testing"
)

func sentenceOf(text string) *sentenceInfo {
	ws := words(text)
	low := make([]string, len(ws))
	for i, w := range ws {
		low[i] = strings.ToLower(w.Text)
	}
	return &sentenceInfo{sentence: sentence{Text: text}, ws: ws, low: low}
}

func TestConsumerOffer(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"The Zephyr Pro bundle is still $60 cheaper than the console alone.", true},
		{"Halden's Zephyr deal is back, with $50 off at Quillmoor Stores.", true},
		{"The best discount this Black Friday comes from Halden.", true},
		{"Perrin Labs signed a $4 billion contract with CoreWeave for GPU capacity.", false},
		{"Nvidia will invest up to $100 billion in OpenAI.", false},
	} {
		if got := consumerOffer(sentenceOf(c.text)); got != c.want {
			t.Errorf("consumerOffer(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestInvitesBids(t *testing.T) {
	for _, c := range []struct {
		text, trig string
		want       bool
	}{
		{"NASA chose to receive bids from Ceres Robotics and Perrin Labs.", "receive", true},
		{"The agency will accept proposals from Halden.", "accept", true},
		{"Perrin Labs will receive $2 billion from Halden Ventures.", "receive", false},
	} {
		si := sentenceOf(c.text)
		k := -1
		for i, w := range si.low {
			if w == c.trig {
				k = i
			}
		}
		if got := invitesBids(si.low, k); got != c.want {
			t.Errorf("invitesBids(%q at %q) = %v, want %v", c.text, c.trig, got, c.want)
		}
	}
}

func TestAfterHonorific(t *testing.T) {
	for _, c := range []struct {
		text, name string
		want       bool
	}{
		{"the proceeds of Dr. Patrick Soon-Shiong's purchase", "Shiong", true},
		{"a statement from Mr Halvorsen on Monday", "Halvorsen", true},
		{"Prof. Ada Quill said", "Quill", true},
		{"the proceeds of Halden Capital's purchase", "Halden", false},
		{"Dr. Patrick joined Perrin Labs", "Perrin", false},
	} {
		si := sentenceOf(c.text)
		i := -1
		for k, w := range si.ws {
			if w.Text == c.name {
				i = k
			}
		}
		if i < 0 {
			t.Fatalf("%q not in %q", c.name, c.text)
		}
		if got := afterHonorific(si.ws, si.low, i); got != c.want {
			t.Errorf("afterHonorific(%q, %q) = %v, want %v", c.text, c.name, got, c.want)
		}
	}
}

// TestGeneralNewsNoDeals: words inside a shop's name are no purchase, and
// the gates leave real deals alone.
func TestGeneralNewsNoDeals(t *testing.T) {
	noEvent(t, nil,
		"Samsung shipped its Apple features on Monday, and I rushed over to Best Buy to find the lowest priced Samsung TV.",
	)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs signed a $4 billion contract with CoreWeave for GPU capacity.",
			[]gWant{{"commitment", "new", "compute", "coreweave perrinlabs", 4e9, "USD"}}},
	})
}

func TestAdjectivalParticiple(t *testing.T) {
	for _, c := range []struct {
		text, word string
		want       bool
	}{
		{"Amazon offers the paid versions of Spotify.", "paid", true},
		{"Perrin Labs is a funded startup.", "funded", true},
		{"Microsoft paid $10 billion to OpenAI.", "paid", false},
		{"The amount paid to OpenAI was $10 billion.", "paid", false},
		{"Halden bought a stake in Perrin Labs.", "bought", false},
	} {
		si := sentenceOf(c.text)
		k := -1
		for i, w := range si.low {
			if w == c.word {
				k = i
			}
		}
		if got := adjectivalParticiple(si.low, k); got != c.want {
			t.Errorf("adjectivalParticiple(%q at %q) = %v, want %v", c.text, c.word, got, c.want)
		}
	}
}

func TestProductSubject(t *testing.T) {
	// (the predicate; the benchmark pages check it end to end, TestGeneralNewsPagesGiveFewEvents)
	// a comparison with "the paid versions" of a service is no purchase to
	// the rules (the pair model, which reads this lone sentence's pair as a
	// cloud deal at 0.35, is checked end to end on the general pages)
	rules, err := NewWithOptions(Options{Disable: []string{StagePairs}})
	if err != nil {
		t.Fatal(err)
	}
	text := "Amazon's music service is a lot like the paid versions of Spotify."
	if evs := extractAll(t, rules, text); len(evs) != 0 {
		t.Errorf("%q: got %v; want no event", text, describeAll(evs))
	}
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Zephyr Lite is a smaller version of the console", true},
		{"Perrin Labs is a robotics company", false},
	} {
		si := sentenceOf(c.text)
		if got := isProductSubject(si.low, 2); got != c.want {
			t.Errorf("isProductSubject(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
