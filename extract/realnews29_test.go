package extract

import (
	"slices"
	"testing"

	"github.com/jdkato/prose/v2"
)

// TestRealNewsDefinedShortName: a short name defined in brackets after an
// unknown organisation's full name ("Spring Lane Capital (“SLC”)",
// "Kotak Special Situations Fund (KSSF)", r9999, r10018) names the same
// organisation wherever the article uses it; before, the short name became
// an organisation of its own ("slc", "kssf") that no label knows.
func TestRealNewsDefinedShortName(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text      string
		want, not string
	}{
		{"Bluefin Robotics said it closed a round from Harwick Lane Capital (“HLC”). HLC has agreed to lead the $30 million financing round of Bluefin Robotics.",
			"harwicklanecapital", "hlc"},
		{"Morrow Special Situations Fund (MSSF) will invest $135 million in Zephyr Labs.\n\nUnder the terms, the MSSF investment will convert into equity of Zephyr Labs.",
			"morrowspecialsituationsfund", "mssf"},
		{`Tamsin Growth Fund ("Tamsin" or the "Fund") is a growth investor based in Boston. Tamsin will invest $40 million in Zephyr Labs.`,
			"tamsingrowthfund", "tamsin"},
	} {
		ids := partyIDs(t, x, c.text)
		if !slices.Contains(ids, c.want) || slices.Contains(ids, c.not) {
			t.Errorf("%q: parties %v, want %s and not %s", c.text, ids, c.want, c.not)
		}
	}
}

// TestDefinedName: what counts as a definition in brackets, and what does
// not (a ticker with its exchange, a country, an acronym of another name, a
// bracket that goes on).
func TestDefinedName(t *testing.T) {
	for _, c := range []struct {
		text string
		name []string
		want string
	}{
		{`Spring Lane Capital (“SLC”) said`, []string{"Spring", "Lane", "Capital"}, "SLC"},
		{`Kotak Special Situations Fund (KSSF) will`, []string{"Kotak", "Special", "Situations", "Fund"}, "KSSF"},
		{`Acme Holdings, Inc. ("Acme" or the "Company")`, []string{"Acme", "Holdings"}, "Acme"},
		{`Acme Holdings (NASDAQ: ACME) said`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings (US) said`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings (BX) said`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings (ACME shares rose)`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings ("Beta") said`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings ("Acme Group") said`, []string{"Acme", "Holdings"}, ""},
	} {
		toks := proseTokens(t, c.text)
		k := len(c.name)
		if got := definedName(toks, k, c.name); got != c.want {
			t.Errorf("definedName(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// proseTokens tokenises text as learnUnknown does.
func proseTokens(t *testing.T, text string) []prose.Token {
	t.Helper()
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Tokens()
}
