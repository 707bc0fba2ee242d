package extract

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/neurosnap/sentences.v1"
)

// The speed shortcuts stand in for regular expressions and for the sentence
// library's per-token tests. These tests hold them to what they stand in for
// on generated text built from the words those expressions read, so a word
// added to an expression and not to its shortcut fails here.

// shortcutVocabulary is what the generated strings are made of: numbers,
// scale and currency words and codes, capacity units, horizon phrases,
// deal nouns and value verbs, and some ordinary and non-ASCII words.
var shortcutVocabulary = []string{
	"3", "12", "1,500", "2.5", "38", "0.5", "10", "one", "two", "five", "twenty", "twenty-five", "ninety", "a", "hundred", "ten",
	"billion", "Billion", "bn", "mn", "m", "B", "tn", "million", "trillion", "crore", "crores", "lakh", "thousand", "k",
	"dollars", "dollar", "euros", "euro", "pounds", "sterling", "USD", "RMB", "EUR", "won", "yen", "yuan", "rupees", "U.S.", "US", "South", "Korean", "Indian", "$", "€", "£", "$5",
	"GW", "gigawatts", "gigawatt", "MW", "megawatts", "GPUs", "TPUs", "chips", "AI", "accelerators", "processors", "superchips",
	"graphics", "processing", "units", "tensor", "Nvidia", "GB300", "H100", "of", "its", "their", "the", "new", "custom", "advanced", "next-generation",
	"through", "thru", "until", "till", "to", "end", "middle", "ending", "in", "over", "for", "across", "during", "next", "years", "year", "5-year", "ten-year",
	"2030", "2028", "2019", "2035", "this", "that", "deal", "deals", "agreement", "contract", "pact", "arrangement", "commitment", "investment",
	"worth", "valued", "at", "value", "is", "was", "will", "be", "totals", "locks", "lock", "includes", "represents", "contracted", "about", "up",
	"and", "said", "Apple", "Inc.", "é", "—", "Ü", "\u00a0", "year-long", "Thousand", "MILLION", "Dollars", "Years",
}

var shortcutSeparators = []string{" ", " ", " ", "", "-", " - ", "\u00a0", ", ", ". ", "  "}

// generatedTexts returns n strings of 2 to 14 vocabulary words.
func generatedTexts(n int) []string {
	r := rand.New(rand.NewPCG(23, 1))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for k := 2 + r.IntN(13); k > 0; k-- {
			b.WriteString(shortcutVocabulary[r.IntN(len(shortcutVocabulary))])
			b.WriteString(shortcutSeparators[r.IntN(len(shortcutSeparators))])
		}
		out[i] = b.String()
	}
	return out
}

func TestWordScansMatchTheirExpressions(t *testing.T) {
	for name, c := range map[string]struct {
		scan *wordScan
		re   *regexp.Regexp
	}{
		"money suffix": {scanMoneySuffix, reMoneySuffix},
		"money bare":   {scanMoneyBare, reMoneyBare},
		"power":        {scanCapPower, reCapPower},
		"chips":        {scanCapChips, reCapChips},
	} {
		hits := 0
		for _, s := range generatedTexts(30000) {
			want := c.re.FindAllStringSubmatchIndex(s, -1)
			got := c.scan.findAll(s)
			if len(want) != len(got) || !slices.EqualFunc(want, got, slices.Equal[[]int]) {
				t.Fatalf("%s on %q: scan %v, expression %v", name, s, got, want)
			}
			hits += len(want)
		}
		if hits < 100 {
			t.Errorf("%s: only %d matches in the generated texts: the vocabulary no longer exercises it", name, hits)
		}
	}
}

func TestHorizonShortcutsMatchTheirExpressions(t *testing.T) {
	plain := func(s string, pubYear int) (string, bool) {
		if m := reHorizonYear.FindStringSubmatch(s); m != nil {
			return m[1], true
		}
		if m := reHorizonSpan.FindStringSubmatch(s); m != nil && pubYear > 0 {
			return spanHorizon(m, pubYear)
		}
		return "", false
	}
	found := 0
	for _, s := range generatedTexts(30000) {
		y1, ok1 := FindHorizon(s, 2025)
		y2, ok2 := plain(s, 2025)
		if y1 != y2 || ok1 != ok2 {
			t.Fatalf("FindHorizon(%q) = %q, %v; the expressions alone give %q, %v", s, y1, ok1, y2, ok2)
		}
		if ok1 {
			found++
		}
	}
	if found < 100 {
		t.Errorf("only %d horizons in the generated texts", found)
	}
}

func TestDealNounShortcutHoldsEveryMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 2))
	words := []string{"the", "this", "that", "new", "cloud", "Deal", "deals", "agreement", "Contract", "pact", "arrangement",
		"commitment", "investments", "is", "was", "could", "be", "worth", "valued", "at", "value", "of", "totals", "totaling",
		"locks", "in", "about", "includes", "represents", "$", "€", "$5", "billion", "contracted", "revenue", "and", "é"}
	matched := 0
	for i := 0; i < 30000; i++ {
		var b strings.Builder
		for k := 3 + r.IntN(9); k > 0; k-- {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString(shortcutSeparators[r.IntN(len(shortcutSeparators))])
		}
		s := b.String()
		if reDealValue.MatchString(s) {
			matched++
			if !mayNameDealNoun(s) {
				t.Fatalf("%q: reDealValue matches but mayNameDealNoun says it cannot", s)
			}
		}
	}
	if matched < 50 {
		t.Errorf("only %d deal-value matches in the generated texts", matched)
	}
}

func TestSplitterShortcutsMatchTheLibrary(t *testing.T) {
	lib := sentences.NewWordTokenizer(sentences.NewPunctStrings())
	ours := wordTypes{lib}
	libPunct := sentences.NewPunctStrings()
	var toks []string
	for _, s := range generatedTexts(3000) {
		toks = append(toks, strings.Fields(s)...)
	}
	toks = append(toks, "A.", "e.g.", "U.S.", "...", "-1.5", ".5", "3,000.", "-", ",", "2025.", "Inc.", "x1", "?!", "end.)", "É.", "é")
	for _, tok := range toks {
		for _, brk := range []bool{false, true} {
			tk := sentences.NewToken(tok)
			tk.SentBreak = brk
			for name, pair := range map[string][2]any{
				"Type":             {ours.Type(tk), lib.Type(tk)},
				"TypeNoPeriod":     {ours.TypeNoPeriod(tk), lib.TypeNoPeriod(tk)},
				"TypeNoSentPeriod": {ours.TypeNoSentPeriod(tk), lib.TypeNoSentPeriod(tk)},
				"IsInitial":        {ours.IsInitial(tk), lib.IsInitial(tk)},
				"IsEllipsis":       {ours.IsEllipsis(tk), lib.IsEllipsis(tk)},
				"HasSentEndChars":  {ours.HasSentEndChars(tk), lib.HasSentEndChars(tk)},
				"FirstUpper":       {ours.FirstUpper(tk), lib.FirstUpper(tk)},
				"FirstLower":       {ours.FirstLower(tk), lib.FirstLower(tk)},
			} {
				if pair[0] != pair[1] {
					t.Errorf("%s(%q, break %v) = %v, the library's %v", name, tok, brk, pair[0], pair[1])
				}
			}
		}
		if (punctStrings{}).HasSentencePunct(tok) != libPunct.HasSentencePunct(tok) {
			t.Errorf("HasSentencePunct(%q) differs from the library's", tok)
		}
	}
}
