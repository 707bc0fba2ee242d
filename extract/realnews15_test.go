package extract

import "testing"

// Eighteenth session: classes of error seen in at least two development
// articles of folds r–aa, in sentences of our own.

// TestRealNewsSunkInto: money "plunged" or "sunk" into a company is an
// investment ("also plunged €15 million into the company", r2645; "has sunk
// more than US$120 million in equity … into D-Wave", r3329), but the same
// verbs without an amount put into something tell a fall ("sent AI-linked
// stocks plunging", r3436; "shares plunged 11%").
func TestRealNewsSunkInto(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Oracle, which will host the startup's models, also plunged €20 million into Zorbit Labs.",
			[]directed{{"oracle", "zorbitlabs", "investment", 20e6}}},
		{"Nvidia has sunk $300 million into Zorbit Labs.",
			[]directed{{"nvidia", "zorbitlabs", "investment", 300e6}}},
	})
	forbidEvents(t, "a fall read as money put into a company", []string{
		"Mistral received a jolt from the rise of Zorbit Labs, whose chatbot went to the top of the Apple app store and sent AI stocks plunging on Monday.",
		"Shares of Nvidia plunged 11% after Zorbit Labs released its model.",
		"Nvidia sank 4% as Zorbit Labs unveiled a cheaper chip.",
	}, hasParty(func(id string) bool { return id == "apple" || id == "nvidia" }))
}
