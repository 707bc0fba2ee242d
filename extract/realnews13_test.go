package extract

import (
	"context"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Sixteenth session: classes of error seen in at least two development
// articles of folds r–aa, in sentences of our own.

// TestRealNewsAIProductIsNoCompany: a name ending in "AI" that a product
// noun or a data-centre word follows names a product or a site ("its
// advanced Hopper AI chips", r3286; "the Helios AI datacenter campus",
// r3565), not a company that buys or sells. A company of that name is still
// one where it stands as a name.
func TestRealNewsAIProductIsNoCompany(t *testing.T) {
	forbidEvents(t, "an 'X AI' product or site read as a company", []string{
		"Oracle will also provide its advanced Vela AI chips to build large data centers for Zephyr Labs.",
		"Zephyr Labs closed a $1.4 billion financing facility to speed up its Vela AI datacenter campus, which Oracle will run.",
		"Zephyr Labs signed a deal to buy the Vela AI data center from Oracle.",
	}, hasParty(func(id string) bool { return id == "velaai" }))
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Vela AI raised $20 million from Accel to build chips.",
			[]gWant{{"commitment", "new", "investment", "accel velaai", 20e6, "USD"}}},
	})
}

// TestRealNewsSupportFromList: "with support from" opens a round's list of
// investors as "with participation from" does ("led by Basset Capital, with
// support from Y Combinator and Ospraie Ag Science", r3713; "led by Aker
// ASA, with support from the firm's existing shareholders, and tech firms
// Nokia and NVIDIA", r3698), and a first item that names no investor ("the
// firm's existing shareholders") does not end the list. A clause after it
// ("and Oracle said ...") still does.
func TestRealNewsSupportFromList(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Zephyr Labs raised $40 million in a Series B round. The round was led by Accel, with support from Benchmark and Ospry Farm Science.",
			[]gWant{
				{"commitment", "new", "investment", "accel zephyrlabs", 0, ""},
				{"commitment", "new", "investment", "benchmark zephyrlabs", 0, ""},
				{"commitment", "new", "investment", "ospryfarmscience zephyrlabs", 0, ""},
			}},
		{"Zephyr Labs raised $40 million in a Series B round. It was led by Accel, with support from the startup's existing shareholders, and chip firms Nvidia and AMD.",
			[]gWant{
				{"commitment", "new", "investment", "accel zephyrlabs", 0, ""},
				{"commitment", "new", "investment", "nvidia zephyrlabs", 0, ""},
				{"commitment", "new", "investment", "amd zephyrlabs", 0, ""},
			}},
	})
	forbidEvents(t, "a clause after a vague list item read as an investor", []string{
		"Zephyr Labs raised $40 million in a Series B round. The round included many investors, and Oracle said it would not take part.",
		"Zephyr Labs raised $40 million in a Series B round. The round included many investors, but Oracle stayed out.",
	}, hasParty(func(id string) bool { return id == "oracle" }))
}

// TestRealNewsWorkloadsSentToCloud: applications "sent" or "ported" to a
// hyperscaler's cloud are bought from it as cloud services, as "moved" or
// "migrated" ones are ("seeking to send 1,000 of its 2,600 applications to
// Azure", r3631; "applications on AWS will be ported over to Azure",
// r3635, whose buyer is named only in another sentence).
func TestRealNewsWorkloadsSentToCloud(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Zephyr Labs is widening its ties with Microsoft, this time seeking to send 1,200 of its 3,000 applications to Azure.",
			[]gWant{{"commitment", "new", "cloud_services", "microsoft zephyrlabs", 0, ""}}},
		{"Volkswagen said its applications will be ported over to Google Cloud by 2027.",
			[]gWant{{"commitment", "new", "cloud_services", "google volkswagen", 0, ""}}},
	})
}

// TestRealNewsHowClauseModal: a modal inside a "how" clause after the
// deal ("signed a memorandum to explore how Claude could improve access",
// r3584; "declined to comment on how much the bank would pay for Google's
// services", r3525) belongs to what the parties study or leave unsaid: the
// deal stays stated. A deal told inside the "how" clause ("discussed how
// they could partner") stays a rumour.
func TestRealNewsHowClauseModal(t *testing.T) {
	wantModalities(t, []modalityCase{
		{"Zephyr Labs and the UK Government signed a Memorandum of Understanding to explore how its models could improve public services.", "", schemas.ModalityStated},
		{"Zephyr Labs will pay Oracle for cloud services, though the companies declined to say how much it would pay.", "", schemas.ModalityStated},
		{"Zephyr Labs and Oracle discussed how they could partner on chips.", "", schemas.ModalityRumoured},
		{"Executives looked at how Zephyr Labs could invest in Oracle.", "", schemas.ModalityRumoured},
	})
}

// TestRealNewsTalksInAnotherClause: talks told in another clause of the
// sentence ("... and has also been in talks to buy TPUs", r2823; ", while
// Microsoft, Apple and Nvidia are also in talks to invest", r2887) leave a
// completed act in its own clause ("has signed", "has committed") stated.
// A deal the talks are about stays a rumour.
func TestRealNewsTalksInAnotherClause(t *testing.T) {
	wantModalities(t, []modalityCase{
		{"Zephyr Labs has signed a multiyear deal to rent Google's TPUs and has also been in talks to buy chips for its own data centers.", "google", schemas.ModalityStated},
		{"Accel has committed $300 million to Zephyr Labs and will lead the round, while Oracle and Nvidia are also in talks to invest.", "accel", schemas.ModalityStated},
		{"Accel has committed $300 million to Zephyr Labs and will lead the round, while Oracle and Nvidia are also in talks to invest.", "nvidia", schemas.ModalityRumoured},
		{"Zephyr Labs is in talks to sign a $2 billion cloud deal with Oracle.", "oracle", schemas.ModalityRumoured},
	})
}

// modalityCase wants the events of party in text ("": every event of it)
// to have modality want; there must be at least one.
type modalityCase struct {
	text, party, want string
}

// wantModalities checks each case on an extractor that emits rumoured
// events too.
func wantModalities(t *testing.T, cases []modalityCase) {
	t.Helper()
	x, err := NewWithOptions(Options{IncludeRumoured: true, Disable: []string{StageFloor}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		evs, err := x.Extract(context.Background(), article(c.text))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			if c.party != "" && !hasParty(func(id string) bool { return id == c.party })(e) {
				continue
			}
			found = true
			if string(e.Modality) != c.want {
				t.Errorf("%q: %s %v modality %q, want %q", c.text, e.Type, e.Parties, e.Modality, c.want)
			}
		}
		if !found {
			t.Errorf("%q: no event of %q", c.text, c.party)
		}
	}
}

// TestRealNewsBetOn: money bet on a company is an investment in it
// ("Microsoft's 10 billion dollar bet on OpenAI", r3040; "Why Nvidia Is
// Betting $1 Billion on Nokia", r2844). A bet without an amount is a
// strategy, no stake.
func TestRealNewsBetOn(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Oracle's 3 billion dollar bet on Zephyr Labs", []gWant{{"commitment", "new", "investment", "oracle zephyrlabs", 3e9, "USD"}}},
		{"Oracle bets $500 million on Zephyr Labs as chip rivalry heats up.", []gWant{{"commitment", "new", "investment", "oracle zephyrlabs", 5e8, "USD"}}},
	})
	forbidEvents(t, "a bet without an amount read as an investment", []string{
		"Oracle is betting on Zephyr Labs to win the inference market.",
	}, hasParty(func(id string) bool { return id == "zephyrlabs" }))
}
