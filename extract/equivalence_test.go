package extract

import (
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestWordScanFindsWhatTheRegexpFinds: the anchored scans return exactly
// the matches of the unanchored patterns, on sentences assembled at random
// from fragments that hold numbers, scales, currencies and chip nouns next
// to every kind of boundary.
func TestWordScanFindsWhatTheRegexpFinds(t *testing.T) {
	frags := []string{
		"Acme", "will", "buy", "1,000", "10,000", "2.5", "38", "500", "one", "One", "two", "twenty-five", "Ninety", "a", "A", "an",
		"million", "thousand", "billion", "bn", "B", "tn", "k", "hundred", "dollars", "euros", "pounds sterling", "yen", "won", "rupees",
		"U.S.", "Indian", "GPUs", "TPUs", "chips", "AI chips", "Nvidia", "H100", "next-generation", "custom", "processors",
		"graphics processing units", "gigawatts", "GW", "MW", "megawatt", "of", "its", "the", "new", "$", "€", "£", "-", "–", ",", ".",
		"(", ")", "'s", "_x", "x_", "2GW", "1.5GW", "5bn", "3B", "often", "seven", "eleven", "fifteen", "hundreds", "tens", "sixty",
		"seventy-two", "ninety", "eighty", "éclair", "naïve", "10x", "x10",
		// whole quantities, so that every scan matches often
		"one billion dollars", "Two hundred million euros", "twenty-five million dollars", "a million GPUs", "one gigawatt",
		"ten thousand chips", "5 billion U.S. dollars", "1.5 trillion won", "2bn", "700MW", "100,000 Nvidia H100 GPUs",
	}
	seps := []string{" ", " ", " ", "", "-", "\u00a0", "  "}
	scans := map[string]*wordScan{"suffix": scanMoneySuffix, "bare": scanMoneyBare, "power": scanCapPower, "chips": scanCapChips}
	res := map[string]*regexp.Regexp{"suffix": reMoneySuffix, "bare": reMoneyBare, "power": reCapPower, "chips": reCapChips}
	r := rand.New(rand.NewPCG(7, 11))
	matched := map[string]int{}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.IntN(14) + 1; k > 0; k-- {
			b.WriteString(frags[r.IntN(len(frags))])
			b.WriteString(seps[r.IntN(len(seps))])
		}
		s := b.String()
		for name, sc := range scans {
			want := res[name].FindAllStringSubmatchIndex(s, -1)
			got := sc.findAll(s)
			if !slices.EqualFunc(got, want, slices.Equal[[]int]) {
				t.Fatalf("%s on %q: got %v, the regexp finds %v", name, s, got, want)
			}
			matched[name] += len(want)
		}
	}
	for name := range scans {
		if matched[name] < 100 {
			t.Errorf("%s matched only %d times: the test does not exercise it", name, matched[name])
		}
	}
}

// TestCueListAnswersAsHasPhrase: the indexed cue lists answer as hasPhrase
// over the same phrases, for random clauses of their own words, nouns
// ("the end of") and fillers, at random bounds.
func TestCueListAnswersAsHasPhrase(t *testing.T) {
	lists := []cueList{endCues, exclusiveRemoval, exclusiveModify}
	for _, pa := range partnershipActions {
		lists = append(lists, pa.cues)
	}
	fillers := []string{"the", "an", "year", "of", "will", "not", "has", "signed", "deal", "with", "acme", ",", "away", "up", "ways", "by", "out"}
	r := rand.New(rand.NewPCG(3, 5))
	found := 0
	for li, c := range lists {
		var phrases, vocab []string
		for _, first := range slices.Sorted(maps.Keys(c.byFirst)) {
			phrases = append(phrases, c.byFirst[first]...)
		}
		for _, p := range phrases {
			vocab = append(vocab, strings.Fields(p)...)
		}
		vocab = append(vocab, fillers...)
		for n := 0; n < 3000; n++ {
			low := make([]string, r.IntN(12)+1)
			for k := range low {
				low[k] = vocab[r.IntN(len(vocab))]
			}
			lo, hi := r.IntN(len(low)+2)-1, r.IntN(len(low)+3)
			want := hasPhrase(low, lo, hi, phrases...)
			if got := c.in(low, lo, hi); got != want {
				t.Fatalf("list %d on %q [%d,%d): in = %v, hasPhrase = %v", li, low, lo, hi, got, want)
			}
			if want {
				found++
			}
		}
	}
	if found < 1000 {
		t.Errorf("only %d clauses held a cue: the test does not exercise the lists", found)
	}
}
