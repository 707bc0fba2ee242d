package extract

import (
	"testing"
)

// TestSentenceAdverbIsNoName: an adverb that opens a sentence before a
// comma ("Recently, the firm granted ...", "Notably, the startup ...",
// "Initially, the company ...") is no organisation, though ", the firm"
// after a capitalised word reads like an apposition that introduces one.
// Four development articles named "Recently", "Notably" or "Initially" so;
// one of them gave an exclusivity granted by "recently".
func TestSentenceAdverbIsNoName(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Quarry Labs builds language models. Recently, the firm granted Halo Robotics an exclusive license to its newest model.",
		"Quarry Labs builds language models. Notably, the startup signed a partnership with Halo Robotics.",
		"Quarry Labs builds language models. Initially, the company agreed to buy chips from Halo Robotics.",
	} {
		ids := partyIDs(t, x, text)
		if len(ids) == 0 {
			t.Errorf("%q: no event, want one between quarrylabs and halorobotics", text)
		}
		for _, id := range ids {
			if id != "quarrylabs" && id != "halorobotics" {
				t.Errorf("%q: parties %v, want only quarrylabs and halorobotics", text, ids)
			}
		}
	}
}
