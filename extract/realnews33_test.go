package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// partnershipSets returns the sorted party ids of each partnership the
// extractor reads from text, joined by commas.
func partnershipSets(t *testing.T, x *Extractor, text string) []string {
	t.Helper()
	var out []string
	for _, e := range eventsOfType(t, x, text, schemas.TypePartnership) {
		var ids []string
		for _, p := range e.Parties {
			ids = append(ids, p.ID)
		}
		slices.Sort(ids)
		out = append(out, strings.Join(ids, ","))
	}
	return out
}

// TestRealNewsJointPlans: companies that announce plans together announce a
// joint project, with no partnership word ("Nscale, Aker and OpenAI have
// unveiled plans for Stargate Norway", r10268; "OpenAI, Oracle, and Related
// Digital, a data center developer, today announced plans to develop a
// campus", r11282; "MGX, Bpifrance and Mistral have announced plans to
// expand Campus AI", r11147). One company's plans, or a plan to invest, are
// no partnership.
func TestRealNewsJointPlans(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text string
		want string // the partnership's parties, or "" for none
	}{
		{"Halo Robotics, Quarry Labs and Zentrix have unveiled plans for Northwind One, an AI campus on the coast.",
			"halorobotics,quarrylabs,zentrix"},
		{"Halo Robotics, Quarry Labs, and Zentrix, a data center developer based in Ohio, today announced plans to develop a one-gigawatt campus.",
			"halorobotics,quarrylabs,zentrix"},
		{"Halo Robotics and Quarry Labs announced plans to build a research centre in Leeds.",
			"halorobotics,quarrylabs"},
		{"Halo Robotics announced plans to build a research centre in Leeds.", ""},
		{"Halo Robotics and Quarry Labs announced plans to invest in Zentrix.", ""},
	} {
		got := partnershipSets(t, x, c.text)
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%q: partnerships %v, want none", c.text, got)
		case c.want != "" && !slices.Contains(got, c.want):
			t.Errorf("%q: partnerships %v, want %s", c.text, got, c.want)
		}
	}
}

// TestDealTimeAgo: a time counted back from the article's own tells of a
// deal made then; the pair model adds nothing from such a sentence.
func TestDealTimeAgo(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Halo Robotics signed an agreement with Quarry Labs two years ago.", true},
		{"Last year, Halo Robotics agreed to buy chips from Quarry Labs.", true},
		{"Halo Robotics agreed a few months ago to rent servers from Quarry Labs.", true},
		{"Halo Robotics signed an agreement with Quarry Labs on Monday.", false},
		{"Halo Robotics will pay Quarry Labs for the last mile of fibre.", false},
	} {
		var low []string
		for _, w := range words(c.text) {
			low = append(low, strings.ToLower(w.Text))
		}
		if got := dealTimeAgo(low); got != c.want {
			t.Errorf("%q: dealTimeAgo %v, want %v", c.text, got, c.want)
		}
	}
}
