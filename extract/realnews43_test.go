package extract

import "testing"

// TestRealNewsTradeNounDescriptions: a partner described by its trade
// before its name ("asset manager TPG", "investor-owned utility NV
// Energy", "online supermarket Ocado") is the object of "with", as a
// "firm" or "startup" already is. Seen in r14767 and r15037 (development
// folds dq and dr), where the partnership went missing.
func TestRealNewsTradeNounDescriptions(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Google has launched a new partnership with Nevada investor-owned utility NV Energy.",
			[]gWant{{"partnership", "formed", "", "google nvenergy", 0, ""}}},
		{"Tata Consultancy Services has partnered with global alternative asset manager TPG.",
			[]gWant{{"partnership", "formed", "", "tataconsultancyservices tpg", 0, ""}}},
		{"Amazon has formed a partnership with Munich-based insurer Allianz.",
			[]gWant{{"partnership", "formed", "", "allianz amazon", 0, ""}}},
		{"OpenAI formed a partnership with German media publisher Axel Springer.",
			[]gWant{{"partnership", "formed", "", "axelspringer openai", 0, ""}}},
	})
}
