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

// TestLexiconWordsAreTokens: a trigger or word-list entry that the tokenizer
// splits ("tie-up" is "tie", "-", "up"), or that has capitals while the rules
// compare lower-case words, can never match, so the lexicon is refused with
// every such entry named.
func TestLexiconWordsAreTokens(t *testing.T) {
	const ok = "modality: {rumour: [potential tie-up], attribution: [b], completed: [c], denial: [d], background: [e]}\n"
	for _, tc := range []struct{ yaml, want string }{
		{"triggers: {partner: [partnership, tie-up]}\n" + ok, `triggers.partner entry "tie-up"`},
		{"triggers: {partner: [Alliance]}\n" + ok, `triggers.partner entry "Alliance"`},
		{"triggers: {partner: [partnership]}\njoint_nouns: [joint venture]\n" + ok, `joint_nouns entry "joint venture"`},
		{"triggers: {partner: [partnership]}\ngiven_names: [jean-paul]\n" + ok, `given_names entry "jean-paul"`},
	} {
		_, _, err := parseLexicon([]byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("lexicon %q: error %v, want one naming %s", tc.yaml, err, tc.want)
		}
	}
	// multi-word modality phrases and model products are compared as phrases
	if _, _, err := parseLexicon([]byte("triggers: {partner: [partnership]}\nmodel_products: [mistral large]\n" + ok)); err != nil {
		t.Errorf("phrases: %v", err)
	}
}
