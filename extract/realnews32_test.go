package extract

import (
	"slices"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// investorsIn returns the investors of the investments into to that the
// extractor reads from text.
func investorsIn(t *testing.T, x *Extractor, text, to string) []string {
	t.Helper()
	var out []string
	for _, e := range eventsOfType(t, x, text, schemas.TypeCommitment) {
		if e.Kind == nil || *e.Kind != schemas.KindInvestment {
			continue
		}
		if from, into := fromTo(e); into == to {
			out = append(out, from)
		}
	}
	return out
}

// TestRealNewsInvestorsParticipatingAfterWith: a round's other investors
// are often named in a "with" clause that ends on a participle of taking
// part, after the lead ("led by Coatue, with Decibel Ventures and Index
// Partners participating as well", r11317; "co-led, with Temasek and MGX
// also participating", r11203; "led by Radical Ventures, with Nvidia
// participating as a new strategic investor", r11330). Only a single
// investor followed by "also joining" was read before.
func TestRealNewsInvestorsParticipatingAfterWith(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Today Halo Robotics is announcing a $22 million Series B round, led by Coatue, with Decibel Ventures and Index Partners participating as well.",
			[]string{"coatue", "decibelventures", "indexpartners"}},
		{"Halo Robotics raised $40 million in a round led by Accel, with Sequoia, Lux Capital and Intel Capital participating.",
			[]string{"accel", "sequoiacapital", "luxcapital", "intel"}},
		{"Halo Robotics raised $40 million in a round led by Accel, with Lux Capital also joining.",
			[]string{"accel", "luxcapital"}},
	} {
		got := investorsIn(t, x, c.text, "halorobotics")
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: investors %v, want %s", c.text, got, w)
			}
		}
	}
	// a "with" that names a customer, not an investor, adds none
	text := "Halo Robotics raised $40 million in a round led by Accel, with Walmart as its first customer."
	if got := investorsIn(t, x, text, "halorobotics"); slices.Contains(got, "walmart") {
		t.Errorf("%q: investors %v, want no walmart", text, got)
	}
}

// TestRealNewsAnchorTenant: a facility's first large customer is told by
// its role ("funding a 100,000-GPU gigafactory in Norway with OpenAI as
// anchor customer", r10267; "OpenAI will be the anchor tenant for TCS's
// data centre", r9980): the customer buys the builder's capacity, a compute
// commitment, and the builder's own raise in the sentence is not its price.
func TestRealNewsAnchorTenant(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Nscale raised $1.1 billion on Monday, funding a 100,000-GPU AI factory in Norway with OpenAI as anchor customer.",
		"OpenAI will be the anchor tenant for Nscale's new data centre in Ohio, the companies said on Monday.",
	} {
		var found bool
		for _, e := range eventsOfType(t, x, text, schemas.TypeCommitment) {
			if from, to := fromTo(e); e.Kind != nil && *e.Kind == schemas.KindCompute && from == "openai" && to == "nscale" {
				found = true
				if e.Amount != nil {
					t.Errorf("%q: amount %v, want none (the raise is the builder's)", text, *e.Amount.Value)
				}
			}
		}
		if !found {
			t.Errorf("%q: %v, want OpenAI's compute commitment to Nscale", text, describeAll(extractAll(t, x, text)))
		}
	}
	text := "Nscale raised $1.1 billion on Monday, with SoftBank as anchor investor."
	for _, e := range eventsOfType(t, x, text, schemas.TypeCommitment) {
		if e.Kind != nil && *e.Kind == schemas.KindCompute {
			t.Errorf("%q: %v, want no compute commitment (an anchor investor buys no capacity)", text, describeAll([]schemas.DealEvent{e}))
		}
	}
}
