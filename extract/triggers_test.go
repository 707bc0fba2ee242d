package extract

import (
	"slices"
	"testing"
)

// TestWordAndPhraseTriggers: the trigger stage on its own. Each case names
// the word whose class is read; want is the class, or trNone for no
// trigger (skipped or unknown).
func TestWordAndPhraseTriggers(t *testing.T) {
	for _, c := range []struct {
		text, word string
		want       trClass
	}{
		{"Acme will invest $2 billion in Perrin.", "invest", trInvest},
		{"Acme and Perrin parted ways last year.", "parted", trPartner},
		{"Perrin named Acme its sole cloud provider.", "sole", trExclusive},
		{"Acme agreed to acquire 50,000 GPUs from Perrin.", "acquire", trBuyer},
		{"Acme keeps a right of first refusal on new capacity.", "right", trExclusive},
		{"Acme signed letters of intent to supply Perrin.", "intent", trPartner},
		{"Acme and Perrin signed a strategic agreement.", "strategic", trPartner},
		{"Acme took part in the round.", "part", trJoin},
		{"Acme is a part of the index.", "part", trNone},
		{"Acme and Perrin will work together on chips.", "work", trPartner},
		{"Acme will team up with Perrin.", "team", trPartner},
		{"Acme pays Perrin a revenue share.", "revenue", trRevShare},
		{"Acme will receive 20% of Perrin's revenue.", "revenue", trRevShare},
		{"Acme reported higher revenue.", "revenue", trNone},
	} {
		si := sentenceOf(c.text)
		k := slices.Index(si.low, c.word)
		if k < 0 {
			t.Fatalf("%q: no word %q", c.text, c.word)
		}
		cls, ok, skip := wordTrigger(si, k)
		if !skip {
			cls, ok = phraseTrigger(si, k, cls, ok)
		}
		got := trNone
		if !skip && ok {
			got = cls
		}
		if got != c.want {
			t.Errorf("%q at %q: class %v, want %v", c.text, c.word, got, c.want)
		}
	}
}
