package extract

import (
	"slices"
	"testing"
)

// TestRealNewsCommBank: Australian news calls the Commonwealth Bank of
// Australia "CommBank" (r10249, r10680); the gazetteer's id for the bank
// now takes that name too, where it used to become an organisation of its
// own that no label knows.
func TestRealNewsCommBank(t *testing.T) {
	x := newTestExtractor(t)
	ids := partyIDs(t, x, "CommBank is collaborating with Lyrebird Security to fight phone scams with AI-powered decoy bots.")
	if !slices.Contains(ids, "commonwealthbankofaustralia") || slices.Contains(ids, "commbank") {
		t.Errorf("parties %v, want commonwealthbankofaustralia", ids)
	}
}
