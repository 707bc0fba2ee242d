package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

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
		want string // the partnership's parties as describe writes them (sorted by id), or "" for none
	}{
		{"Halo Robotics, Quarry Labs and Zentrix have unveiled plans for Northwind One, an AI campus on the coast.",
			"partner:halorobotics partner:quarrylabs partner:zentrix"},
		{"Halo Robotics, Quarry Labs, and Zentrix, a data center developer based in Ohio, today announced plans to develop a one-gigawatt campus.",
			"partner:halorobotics partner:quarrylabs partner:zentrix"},
		{"Halo Robotics and Quarry Labs announced plans to build a research centre in Leeds.",
			"partner:halorobotics partner:quarrylabs"},
		{"Halo Robotics announced plans to build a research centre in Leeds.", ""},
		{"Halo Robotics and Quarry Labs announced plans to invest in Zentrix.", ""},
	} {
		var got []string
		for _, w := range describeAll(eventsOfType(t, x, c.text, schemas.TypePartnership)) {
			got = append(got, w.parties)
		}
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
