package extract

import "testing"

// TestRealNewsPlaceWordOpensName: a company the article always names after
// the same place word ("Silicon Ranch", "China Insurance Investment") keeps
// that word as the first of its name; a name that opens with "Silicon" and
// is introduced as a company ("Silicon Meadow, a ... developer") is not
// cut to its second word. Seen in r14345, r14346 and r14350 (Meta's 2022
// solar deals, told by three outlets) and r13697 (China Insurance
// Investment).
func TestRealNewsPlaceWordOpensName(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Oslo Quarry will build three wind farms for Meta in Norway. Meta signed a $40 million power deal with Oslo Quarry in March, the power producer said.",
			[]directed{{"meta", "osloquarry", "compute", 40e6}}},
		{"Silicon Meadow, a Nashville-based solar developer, said it raised $90 million from Shell. Shell has backed Silicon Meadow since 2019.",
			[]directed{{"shell", "siliconmeadow", "investment", 90e6}}},
	})
	noParty(t, "quarry", "Oslo Quarry will build three wind farms for Meta in Norway. Meta signed a $40 million power deal with Oslo Quarry in March, the power producer said.")
	noParty(t, "meadow", "Silicon Meadow, a Nashville-based solar developer, said it raised $90 million from Shell. Shell has backed Silicon Meadow since 2019.")
}
