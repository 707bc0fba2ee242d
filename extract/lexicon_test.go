package extract

import (
	"strings"
	"testing"
)

func TestLexicon(t *testing.T) {
	lx, trig, err := parseLexicon(lexiconYAML)
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]trClass{"invests": trInvest, "raised": trRaise, "partnership": trPartner, "exclusive": trExclusive, "contract": trDeal} {
		if trig[w] != want {
			t.Errorf("trigger %q = %v, want %v", w, trig[w], want)
		}
	}
	if newMoods(lx.Modality).which(strings.Fields("the companies are in talks"), moodRumour) == 0 {
		t.Error("rumour phrase 'in talks' not found")
	}
	if j := wordSet(lx.JointNouns); !j["alliance"] || !j["partnership"] || j["partnerships"] {
		t.Errorf("joint nouns %v: want the singular nouns of one partnership, no plural", lx.JointNouns)
	}
	for _, bad := range []string{
		"triggers: {invest: [buy], buyer: [buy]}\nmodality: {rumour: [a], denial: [b], background: [c]}",
		"triggers: {bogus: [buy]}\nmodality: {rumour: [a], denial: [b], background: [c]}",
		"triggers: {invest: [buy]}\nmodality: {rumour: [a]}",
		"triggers: [",
		"triggers: {buyer: [sank]}\nmodality: {rumour: [a], attribution: [b], completed: [c], denial: [d], background: [e]}\nsink_verbs: [sank]",
	} {
		if _, _, err := parseLexicon([]byte(bad)); err == nil {
			t.Errorf("lexicon %q: want an error", bad)
		}
	}
}
