package extract

import (
	"slices"
	"testing"
)

// TestRealNewsNamesOfKnownOrganisations: names real news gives known
// organisations, which used to become organisations of their own that no
// label knows: Australian news calls the Commonwealth Bank of Australia
// "CommBank" (r10249, r10680), and labellers and articles spell out full
// legal names ("Mitsubishi UFJ Financial Group", "Enflame Technology").
func TestRealNewsNamesOfKnownOrganisations(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct{ text, want, not string }{
		{"CommBank is collaborating with Lyrebird Security to fight phone scams with AI-powered decoy bots.", "commonwealthbankofaustralia", "commbank"},
		{"Grab secured $300 million from Mitsubishi UFJ Financial Group to expand its lending arm.", "mufg", "mitsubishiufjfinancialgroup"},
		{"Tencent will invest $100 million in Enflame Technology, a Shanghai chip designer.", "enflame", "enflametechnology"},
	} {
		ids := partyIDs(t, x, c.text)
		if !slices.Contains(ids, c.want) || slices.Contains(ids, c.not) {
			t.Errorf("%q: parties %v, want %s", c.text, ids, c.want)
		}
	}
}
