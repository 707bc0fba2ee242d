package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dealwatch/dealwatch/schemas"
)

// Money is one amount of money found in a sentence.
//
// Value is nil for a vague amount ("tens of billions of dollars"); Text keeps
// the words of the article either way. Additional is set by "an additional",
// "another", "a further" in front of the amount: the commitment grew.
// Ranges ("$7 billion to $9 billion", "$7-9bn") keep the lower bound with the
// qualifier at_least, and the whole range in Text.
type Money struct {
	Value      *float64
	Currency   string
	Qualifier  string
	Additional bool
	Text       string
	Start, End int // byte offsets in the sentence
}

// Amount converts m to the event representation.
func (m Money) Amount() *schemas.Amount {
	return &schemas.Amount{Value: m.Value, Currency: m.Currency, Qualifier: m.Qualifier, Text: m.Text}
}

// Capacity is compute capacity found in a sentence: gigawatts, megawatts or a
// number of chips.
type Capacity struct {
	Value      float64
	Unit       string // GW, MW or chips
	Qualifier  string
	Text       string
	Start, End int
}

const (
	numPat   = `\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`
	scalePat = `(?i:trillion|billion|million|thousand|lakh[\s-]crores?|crores|crore|lakhs|lakh|tn|bn|bln|mn|mln)|cr|[bBmMkKtT]` // title-case headlines: "$10 Billion"; Indian "₹33,000 crores", "₹1 lakh crore"
	curPat   = `US\$|USD ?|A\$|AU\$|C\$|CA\$|HK\$|S\$|\$|€|EUR ?|£|GBP ?|¥|JPY ?|CNY ?|RMB ?|₹|INR ?|Rs\.? ?|CHF ?|NT\$|SAR ?|AED ?|TWD ?|KRW ?|₩|CAD ?|AUD ?|SGD ?|HKD ?|QAR ?`
	// suffixCodes are the currency codes read after an amount's scale word
	suffixCodes = `USD|EUR|GBP|JPY|CNY|RMB|INR|KRW|CHF|AUD|CAD|SGD|HKD|AED|SAR|QAR|TWD`
	wordNums    = `one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|a`
	// sp is a space, including the no-break spaces typesetters put in "$38 billion"
	sp = `[\s\x{00A0}\x{202F}]`
)

var (
	// $38 billion, US$500 million, €2bn, $7-9 billion, $7 billion to $9 billion, $10-billion
	reMoneyPrefix = regexp.MustCompile(`(` + curPat + `)` + sp + `?(` + numPat + `)(?:-plus|\+)?(?:` + sp + `?-?` + sp + `?(` + scalePat + `)\b)?` +
		`(?:` + sp + `?(?:-|–|to)` + sp + `?(?:` + curPat + `)?` + sp + `?(` + numPat + `)(?:` + sp + `?-?` + sp + `?(` + scalePat + `)\b)?)?`)
	// 2 billion euros, 38 billion US dollars, one billion dollars, EUR-free suffix forms
	// "two hundred million euros", "twenty-five million dollars", "1.5 trillion won" (won needs a scale word);
	// a currency code after a number and its scale word, as wires and outlets abroad write it: "6 billion USD", "1 bn RMB".
	reMoneySuffix = regexp.MustCompile(`(?i)\b(` + numPat + `|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|seven|eight|nine)|(?:` + wordNums + `)(?:[\s-]hundred)?)\s?-?\s?(trillion|billion|million|crores?|lakhs?|bn|mn)?[\s-](?:u\.?s\.?\s|south\skorean\s|indian\s)?(dollars?|euros?|pounds?(?: sterling)?|yen|yuan|won|rupees|` + suffixCodes + `)\b`)
	// 38B, 1.5bn without a currency sign: read as US dollars.
	reMoneyBare  = regexp.MustCompile(`\b(` + numPat + `)\s?(bn|B|tn)\b`)
	reMoneyVague = regexp.MustCompile(`(?i)\b(?:(?:tens|hundreds|dozens) of (?:billions|millions)(?: of (?:u\.?s\.? )?(?:dollars|euros|pounds))?|multi-?(?:billion|million)[- ]?(?:dollar|euro|pound)s?|(?:several|a few|many|multiple) (?:billion|million) (?:dollars|euros|pounds)|(?:billions|millions) (?:of|in) (?:dollars|euros|pounds)|(?:an )?undisclosed (?:sum|amount)s?)`)

	reCapPower = regexp.MustCompile(`(?i)\b(` + numPat + `|` + wordNums + `)\s?-?\s?(gigawatts?|gw|megawatts?|mw)\b`)
	reCapChips = regexp.MustCompile(`\b(` + numPat + `|` + wordNums + `)(?:\s?-?\s?(million|thousand|k))?((?:\s(?:of|its|their|the|new|next-generation|custom|advanced|[A-Z0-9][\w'’.-]*)){0,4})\s(GPUs|TPUs|chips|accelerators|processors|superchips|graphics processors|graphics processing units|tensor processing units|AI chips)\b`)

	reHorizonYear = regexp.MustCompile(`(?i)\b(?:through|thru|until|till|to|running to|ending in)\s(?:the\s(?:end|middle)\sof\s)?(20\d\d)\b`)
	reHorizonSpan = regexp.MustCompile(`(?i)\b(?:over|for|across|during)\s(?:the\s)?(?:next\s)?(` + `\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty` + `)\s?-?\s?years?\b|\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)-year\b`)
)

var wordValue = map[string]float64{
	"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "hundred": 100,
}

func scaleOf(s string) (float64, bool) {
	if len(s) > 1 {
		s = strings.ToLower(s) // "Billion", "BN"
	}
	switch s {
	case "trillion", "tn", "t", "T":
		return 1e12, true
	case "billion", "bn", "bln", "b", "B":
		return 1e9, true
	case "million", "mn", "mln", "m", "M":
		return 1e6, true
	case "thousand", "k", "K":
		return 1e3, true
	case "crore", "crores", "cr":
		return 1e7, true
	case "lakh", "lakhs":
		return 1e5, true
	case "lakh crore", "lakh crores", "lakh-crore", "lakh-crores":
		return 1e12, true
	case "":
		return 1, true
	}
	return 0, false
}

func currencyOf(sym string) string {
	switch strings.TrimSpace(strings.ToUpper(sym)) {
	case "$", "US$", "USD", "DOLLARS", "DOLLAR":
		return "USD"
	case "A$", "AU$":
		return "AUD"
	case "C$", "CA$":
		return "CAD"
	case "HK$":
		return "HKD"
	case "S$":
		return "SGD"
	case "€", "EUR", "EUROS", "EURO":
		return "EUR"
	case "£", "GBP", "POUNDS", "POUNDS STERLING", "POUND":
		return "GBP"
	case "¥", "JPY", "YEN":
		return "JPY"
	case "CNY", "RMB", "YUAN":
		return "CNY"
	case "WON":
		return "KRW"
	case "₹", "INR", "RS", "RS.", "RUPEES", "RUPEE":
		return "INR"
	case "CHF":
		return "CHF"
	case "SAR", "AED", "KRW", "QAR", "CAD", "AUD", "SGD", "HKD", "TWD":
		return strings.TrimSpace(strings.ToUpper(sym))
	case "NT$":
		return "TWD"
	case "₩":
		return "KRW"
	}
	return "USD"
}

func parseNum(s string) (float64, bool) {
	if v, ok := wordValue[strings.ToLower(s)]; ok {
		return v, true
	}
	// compound number words: "two hundred" multiplies, "twenty-five" adds.
	if ws := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '-' }); len(ws) == 2 {
		a, okA := wordValue[ws[0]]
		b, okB := wordValue[ws[1]]
		tens := map[string]float64{"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
		if t, ok := tens[ws[0]]; ok {
			a, okA = t, true
		}
		switch {
		case okA && ws[1] == "hundred":
			return a * 100, true
		case okA && okB && a >= 20 && b < 10:
			return a + b, true
		}
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || v < 0 {
		return 0, false
	}
	return v, true
}

// truncatedScale reports that rest, the text after a number, is a scale
// word cut off where the text ends ("$2 billio", "$40 milli…"): a page
// that stops mid-word tells no amount.
func truncatedScale(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	n := 0
	for n < len(rest) && rest[n] >= 'a' && rest[n] <= 'z' {
		n++
	}
	if n < 4 || strings.TrimSpace(strings.Trim(rest[n:], ".…")) != "" {
		return false // a word that goes on ("$2 bilateral") or more text after it
	}
	for _, w := range []string{"million", "billion", "trillion"} {
		if len(rest[:n]) < len(w) && strings.HasPrefix(w, rest[:n]) {
			return true
		}
	}
	return false
}

// qualifierBefore reads the words just before an amount: "up to", "more than",
// "about", "an additional".
func qualifierBefore(s string, start int) (qual string, additional bool) {
	lo := start - 40
	if lo < 0 {
		lo = 0
	}
	prefix := strings.ToLower(strings.TrimRight(s[lo:start], " "))
	prefix = strings.TrimSuffix(prefix, " a")
	prefix = strings.TrimSuffix(prefix, " an")
	qual = schemas.QualExact
	switch {
	case hasWordSuffix(prefix, "up to", "as much as", "as many as", "no more than", "a maximum of", "capped at", "a ceiling of"):
		qual = schemas.QualUpTo
	case hasWordSuffix(prefix, "more than", "at least", "over", "upwards of", "in excess of", "north of", "exceeding", "a minimum of", "greater than", "above"):
		qual = schemas.QualAtLeast
	case hasWordSuffix(prefix, "about", "around", "roughly", "nearly", "almost", "approximately", "some", "close to", "an estimated", "estimated", "just over", "just under", "circa", "~", "approx.", "an approximate"):
		qual = schemas.QualApproximately
	}
	trimmed := prefix
	for _, q := range []string{"up to", "more than", "at least", "about", "around", "roughly", "nearly", "approximately", "some"} {
		trimmed = strings.TrimSuffix(trimmed, " "+q)
	}
	if hasWordSuffix(trimmed, "an additional", "additional", "another", "a further", "further", "an extra", "extra", "a fresh", "an incremental", "incremental") {
		additional = true
	}
	return qual, additional
}

// hasWordSuffix reports whether s ends with one of the phrases at a word boundary.
func hasWordSuffix(s string, phrases ...string) bool {
	for _, p := range phrases {
		if strings.HasSuffix(s, p) {
			i := len(s) - len(p)
			if i == 0 || !isWordByte(s[i-1]) || !isWordByte(p[0]) {
				return true
			}
		}
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// qualifierAfter reads "-plus", "or more".
func qualifierAfter(s string, end int, qual string) string {
	rest := s[end:]
	if strings.HasPrefix(rest, "-plus") || strings.HasPrefix(rest, " plus") || strings.HasPrefix(rest, "+") || strings.HasPrefix(rest, " or more") {
		return schemas.QualAtLeast
	}
	return qual
}

type span struct{ start, end int }

func overlaps(spans []span, s, e int) bool {
	for _, sp := range spans {
		if s < sp.end && e > sp.start {
			return true
		}
	}
	return false
}

// suffixCurrencies are the currency words reMoneySuffix reads after a
// number.
var suffixCurrencies = []string{"dollar", "euro", "pound", "yen", "yuan", "won", "rupees",
	"usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "krw", "chf", "aud", "cad", "sgd", "hkd", "aed", "sar", "qar", "twd"}

// suffixNumberCues are what stands before such a word in an amount: a
// digit is checked apart; scale words and number words ("two hundred
// million euros", "one billion dollars").
var suffixNumberCues = []string{"illion", "crore", "lakh", "bn", "mn", "hundred", "one", "two", "three", "four", "five",
	"six", "seven", "eight", "nine", "ten", "eleven", "twelve", "teen", "ty"}

// maySuffixMoney is the cheap test before reMoneySuffix on the lower-cased
// text l: a currency word starting a word, with a digit, a scale word or a
// number word in the 30 bytes before it, or "a" right before it ("a
// dollar"). "Europe" or "won a contract" alone no longer run the
// expression.
func maySuffixMoney(l string) bool {
	for _, c := range suffixCurrencies {
		for off := 0; ; {
			i := strings.Index(l[off:], c)
			if i < 0 {
				break
			}
			i += off
			off = i + len(c)
			if i > 0 && isAlnumByte(l[i-1]) {
				continue // inside a word: "neuro", "tywon"; a word that only starts so ("Europe") is checked below
			}
			before := l[max(0, i-30):i]
			if strings.ContainsAny(before, "0123456789") || strings.HasSuffix(before, "a ") || strings.HasSuffix(before, "a-") {
				return true
			}
			for _, q := range suffixNumberCues {
				if strings.Contains(before, q) {
					return true
				}
			}
		}
	}
	return false
}

// FindAmounts returns every amount of money in s, in order of position.
func FindAmounts(s string) []Money {
	if !mayHoldMoney(s) {
		return nil
	}
	hasCur := strings.ContainsAny(s, "$€£¥₹₩") || containsAnyWord(s, "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "CHF", "Rs", "SAR", "AED", "TWD", "KRW", "CAD", "AUD", "SGD", "HKD", "QAR")
	ls := ""
	lower := func() string {
		if ls == "" {
			ls = strings.ToLower(s)
		}
		return ls
	}
	var out []Money
	var taken []span
	add := func(m Money) {
		if before := strings.TrimSuffix(s[:m.Start], "-"); m.Value != nil && len(before) >= 5 && strings.EqualFold(before[len(before)-5:], "multi") {
			return // "multi-hundred-million yuan" names no number: the vague pass reads it
		}
		out = append(out, m)
		taken = append(taken, span{m.Start, m.End})
	}
	var prefixHits, suffixHits, bareHits [][]int
	if hasCur {
		prefixHits = findPrefixMoney(s)
	}
	if maySuffixMoney(lower()) {
		suffixHits = scanMoneySuffix.findAll(s)
	}
	if hasDigitScale(s) {
		bareHits = scanMoneyBare.findAll(s)
	}
	for _, ix := range prefixHits {
		cur := s[ix[2]:ix[3]]
		n1 := s[ix[4]:ix[5]]
		sc1, sc2 := sub(s, ix, 3), sub(s, ix, 5)
		n2 := sub(s, ix, 4)
		if n2 != "" && sc2 == "" {
			if y, _ := parseNum(n2); y >= 1900 && y <= 2100 { // "$38 billion to 2030"
				n2 = ""
				ix = append([]int(nil), ix...)
				ix[1] = ix[5]
				if ix[7] >= 0 {
					ix[1] = ix[7]
				}
			}
		}
		if sc1 == "" && n2 != "" {
			sc1 = sc2 // "$7-9 billion"
		}
		if sc1 == "" && n2 == "" && strings.Contains(cur, "$") && !strings.HasPrefix(s[ix[1]:], " ") && ix[1] < len(s) && isWordByte(s[ix[1]]) {
			continue
		}
		if sc1 == "" && n2 == "" && truncatedScale(s[ix[1]:]) {
			continue // "Nvidia invested $2 billio": a text cut inside its scale word tells no amount
		}
		mult, ok := scaleOf(sc1)
		v, ok2 := parseNum(n1)
		if !ok || !ok2 {
			continue
		}
		val := v * mult
		m := Money{Value: &val, Currency: currencyOf(cur), Start: ix[0], End: ix[1], Text: s[ix[0]:ix[1]]}
		m.Qualifier, m.Additional = qualifierBefore(s, ix[0])
		if n2 != "" || strings.Contains(m.Text, "-plus") || strings.Contains(m.Text, "+") {
			m.Qualifier = schemas.QualAtLeast // "$7-9 billion", "US$300-plus million"
		} else {
			m.Qualifier = qualifierAfter(s, ix[1], m.Qualifier)
		}
		add(m)
	}
	for _, ix := range suffixHits {
		if overlaps(taken, ix[0], ix[1]) {
			continue
		}
		v, ok := parseNum(s[ix[2]:ix[3]])
		mult, ok2 := scaleOf(strings.ToLower(sub(s, ix, 2)))
		if !ok || !ok2 {
			continue
		}
		if strings.EqualFold(s[ix[6]:ix[7]], "won") && sub(s, ix, 2) == "" {
			continue // "won" without a scale word is the verb
		}
		if cw := strings.ToLower(s[ix[6]:ix[7]]); (cw == "dollar" || cw == "euro" || cw == "pound") && sub(s, ix, 2) == "" {
			continue // a singular currency word only after a scale word: "a 15-million euro investment"
		}
		if code := s[ix[6]:ix[7]]; len(code) == 3 && strings.Contains(suffixCodes, strings.ToUpper(code)) && (code != strings.ToUpper(code) || sub(s, ix, 2) == "") {
			continue // a code only in capitals and after a scale word: "6 billion USD", not "500 usd" or "2 EUR"
		}
		val := v * mult
		m := Money{Value: &val, Currency: currencyOf(s[ix[6]:ix[7]]), Start: ix[0], End: ix[1], Text: s[ix[0]:ix[1]]}
		m.Qualifier, m.Additional = qualifierBefore(s, ix[0])
		add(m)
	}
	for _, ix := range bareHits {
		if overlaps(taken, ix[0], ix[1]) || (ix[0] > 0 && !isBoundary(s[ix[0]-1])) {
			continue
		}
		rest := strings.ToLower(s[ix[1]:])
		if strings.HasPrefix(rest, " parameter") || strings.HasPrefix(rest, " token") || strings.HasPrefix(rest, " model") {
			continue
		}
		v, ok := parseNum(s[ix[2]:ix[3]])
		mult, _ := scaleOf(s[ix[4]:ix[5]])
		if !ok {
			continue
		}
		val := v * mult
		m := Money{Value: &val, Currency: "USD", Start: ix[0], End: ix[1], Text: s[ix[0]:ix[1]]}
		m.Qualifier, m.Additional = qualifierBefore(s, ix[0])
		add(m)
	}
	var vagueHits [][]int
	if l := lower(); strings.Contains(l, "illion") || strings.Contains(l, "undisclosed") {
		vagueHits = findVague(s, l)
	}
	for _, ix := range vagueHits {
		if overlaps(taken, ix[0], ix[1]) {
			continue
		}
		text := s[ix[0]:ix[1]]
		// the currency is the tail's last word ("multi-million pound",
		// "tens of billions of euros", "multibillion-dollar"); none is dollars
		cur := currencyOf(text[strings.LastIndexAny(text, " -")+1:])
		m := Money{Currency: cur, Qualifier: schemas.QualVague, Start: ix[0], End: ix[1], Text: text}
		_, m.Additional = qualifierBefore(s, ix[0])
		add(m)
	}
	sortMoney(out)
	return dropEquivalents(s, out)
}

// dropEquivalents removes an amount that only restates the one before it in
// another currency: "15 million euros ($16 million)", "370 billion won, or
// roughly $270 million". The first-stated amount is the deal's (LABELING.md:
// the amount in the stated currency); the conversion is no second amount.
func dropEquivalents(s string, ms []Money) []Money {
	if len(ms) < 2 {
		return ms
	}
	out := ms[:1]
	for _, m := range ms[1:] {
		prev := out[len(out)-1]
		if prev.Value != nil && m.Value != nil && prev.Currency != m.Currency && m.Start >= prev.End && conversionGap(s[prev.End:m.Start]) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// conversionGap reports text between two amounts that introduces a
// conversion: "(", "(about", ", or roughly".
func conversionGap(gap string) bool {
	g := strings.TrimSpace(strings.ToLower(gap))
	g = strings.TrimPrefix(g, ",")
	g = strings.TrimSpace(g)
	switch {
	case strings.HasPrefix(g, "("):
		g = strings.TrimSpace(g[1:])
		return g == "" || conversionWords[g]
	case strings.HasPrefix(g, "or "):
		// ", or roughly $270 million"; a bare ", or $3 billion" may be another figure
		return conversionWords[strings.TrimSpace(g[2:])]
	}
	return false
}

var conversionWords = map[string]bool{
	"about": true, "roughly": true, "around": true, "approximately": true, "nearly": true, "some": true,
	"approx.": true, "equivalent to": true, "or": true,
}

// wordScan finds the successive non-overlapping matches of a pattern that
// starts with \b and a number (digits or a number word), as
// FindAllStringSubmatchIndex does, but tries the pattern (anchored) only
// where a word starts with one of a few bytes and the number there is
// followed by a word the pattern can read after it: most of a sentence's
// positions cannot start a match, and an unanchored search tries every
// one of them.
type wordScan struct {
	re     *regexp.Regexp // ^(?:pattern)
	starts [256]bool
	// what can come after a match's number, past spaces and hyphens: the
	// first letters (either case) of the words the pattern reads there,
	// and whether a capital or a digit can (a name: "104,000 Nvidia GB300
	// GPUs")
	follows    []string
	capsFollow bool
}

// newWordScan returns the scan of re, whose matches can only start with one
// of the bytes of starts (letters in either case) and go on, past spaces
// and hyphens after the number, with one of follows or, with capsFollow,
// a capital or digit. A follow must leave out an s or k after its first
// letter: (?i) matches those to non-ASCII letters too.
func newWordScan(re *regexp.Regexp, starts string, capsFollow bool, follows ...string) *wordScan {
	w := &wordScan{re: regexp.MustCompile(`^(?:` + re.String() + `)`), follows: follows, capsFollow: capsFollow}
	for i := 0; i < len(starts); i++ {
		c := starts[i]
		w.starts[c] = true
		if c >= 'a' && c <= 'z' {
			w.starts[c-'a'+'A'] = true
		}
	}
	return w
}

func (w *wordScan) findAll(s string) [][]int {
	var out [][]int
	for i := 0; i < len(s); i++ {
		if !w.starts[s[i]] || i > 0 && isBoundaryWordByte(s[i-1]) || !w.mayStartAt(s, i) {
			continue
		}
		ix := matchAt(w.re, s, i)
		if ix == nil {
			continue
		}
		out = append(out, ix)
		i = ix[1] - 1
	}
	return out
}

// numberStartWords are the words a match of the scanned patterns starts with
// when it does not start with a digit: wordNums and the tens of
// "twenty-five".
var numberStartWords = []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
	"fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "a"}

// mayStartAt is the cheap test before the pattern at s[i], a start byte
// after a word boundary: a number there (the run of digits, commas and
// points; or, in either case, one of numberStartWords) and after it,
// past spaces and hyphens, what can follow ("$3 billion in" cannot start a
// count of chips, "the", "about" and "a deal" no amount). (The patterns'
// first letters are ASCII, which starts already requires; no other
// letter of a number word has a non-ASCII case fold.)
func (w *wordScan) mayStartAt(s string, i int) bool {
	if isDigitByte(s[i]) {
		j := i
		for j < len(s) && (isDigitByte(s[j]) || s[j] == ',' || s[j] == '.') {
			j++ // the pattern's number ends where this run does: what follows it is no digit, comma or point
		}
		return w.mayFollow(s[j:])
	}
	for _, nw := range numberStartWords {
		if hasPrefixASCIIFold(s[i:], nw) && w.mayFollow(s[i+len(nw):]) {
			return true
		}
	}
	return false
}

// mayFollow reports whether rest, the text after a number, can go on as
// the pattern reads it: past spaces (the patterns' \s) and hyphens, the
// text ends, or a non-ASCII byte, one of follows or (capsFollow) a
// capital or digit comes next.
func (w *wordScan) mayFollow(rest string) bool {
	rest = strings.TrimLeft(rest, " \t\n\f\r-")
	if rest == "" || rest[0] >= 0x80 || w.capsFollow && (isUpperASCII(rest[0]) || isDigitByte(rest[0])) {
		return true
	}
	for _, f := range w.follows {
		if hasPrefixASCIIFold(rest, f) {
			return true
		}
	}
	return false
}

// asciiFoldPrefix reports whether s starts with the lower-case ASCII
// word p, in either case.
func asciiFoldPrefix(s, p string) bool {
	for k := 0; k < len(p); k++ {
		if c := s[k]; c != p[k] && c != p[k]-'a'+'A' {
			return false
		}
	}
	return true
}

// matchAt runs an anchored pattern on s from byte i: its submatch indexes
// in s, or nil.
func matchAt(re *regexp.Regexp, s string, i int) []int {
	ix := re.FindStringSubmatchIndex(s[i:])
	for k := range ix {
		if ix[k] >= 0 {
			ix[k] += i
		}
	}
	return ix
}

// isBoundaryWordByte is a byte of \b's word characters: ASCII letters,
// digits and _.
func isBoundaryWordByte(b byte) bool { return isAlnumByte(b) || b == '_' }

const (
	digitStarts  = "0123456789"
	numberStarts = digitStarts + "otfsenha" // digits and the first letters of wordNums
	suffixStarts = numberStarts             // the tens of "twenty-five" start so too
)

var (
	// after the number: "hundred", a scale word, "u.s.", "south korean",
	// "indian", a currency word or code, or the unit of "twenty-five"
	scanMoneySuffix = newWordScan(reMoneySuffix, suffixStarts, false, "hu", "tr", "bi", "mi", "cr", "la", "bn", "mn", "u", "so", "in",
		"do", "eu", "po", "ye", "yu", "wo", "ru", "on", "tw", "th", "fo", "fi", "si", "se", "ei", "ni",
		"gb", "jp", "cn", "rm", "kr", "ch", "au", "ca", "sg", "h", "ae", "sa", "qa") // and the currency codes (suffixCodes)
	scanMoneyBare = newWordScan(reMoneyBare, digitStarts, false, "b", "tn")
	scanCapPower  = newWordScan(reCapPower, numberStarts, false, "gi", "gw", "me", "mw")
	// a scale word, the four words before the unit ("of", "its", "the",
	// "new", a name ...) or the unit ("chips", "accelerators", "tensor
	// processing units", "GPUs")
	scanCapChips = newWordScan(reCapChips, numberStarts, true, "mi", "th", "k", "of", "it", "ne", "cu", "ad", "ch", "ac", "pr", "su", "gr", "te")
)

var reMoneyPrefixAnchored = regexp.MustCompile(`^(?:` + reMoneyPrefix.String() + `)`)

// findPrefixMoney runs the anchored amount pattern only where a currency
// sign or code starts: much faster than scanning the sentence with the
// unanchored pattern.
func findPrefixMoney(s string) [][]int {
	var out [][]int
	next := 0
	for i := 0; i < len(s); i++ {
		if i < next {
			continue
		}
		c := s[i]
		switch {
		case c == '$':
		case c >= 0x80:
			if !(strings.HasPrefix(s[i:], "€") || strings.HasPrefix(s[i:], "£") || strings.HasPrefix(s[i:], "¥") || strings.HasPrefix(s[i:], "₹") || strings.HasPrefix(s[i:], "₩")) {
				continue
			}
		case c >= 'A' && c <= 'Z':
			if i > 0 && isAlnumByte(s[i-1]) || !hasCurrencyCode(s[i:]) {
				continue
			}
		default:
			continue
		}
		ix := matchAt(reMoneyPrefixAnchored, s, i)
		if ix == nil {
			continue
		}
		out = append(out, ix)
		next = ix[1]
	}
	return out
}

var currencyCodes = []string{"Rs", "US$", "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "CHF", "A$", "AU$", "C$", "CA$", "HK$", "S$",
	"NT$", "SAR", "AED", "TWD", "KRW", "CAD", "AUD", "SGD", "HKD", "QAR"}

func hasCurrencyCode(s string) bool {
	for _, c := range currencyCodes {
		if strings.HasPrefix(s, c) {
			return true
		}
	}
	return false
}

// hasDigitScale reports a digit directly (or after one space) followed by
// "bn", "B" or "tn" as a whole word: "38B", "1.5 bn".
func hasDigitScale(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			continue
		}
		j := i + 1
		if s[j] == ' ' && j+1 < len(s) {
			j++
		}
		end := j
		switch {
		case s[j] == 'B':
			end = j + 1
		case strings.HasPrefix(s[j:], "bn"), strings.HasPrefix(s[j:], "tn"):
			end = j + 2
		default:
			continue
		}
		if end >= len(s) || !isAlnumByte(s[end]) {
			return true
		}
	}
	return false
}

var vagueStarts = []string{
	"tens of billions", "tens of millions", "hundreds of billions", "hundreds of millions", "dozens of billions",
	"billions of", "millions of", "billions in", "millions in", "multibillion", "multi-billion", "multimillion", "multi-million",
	"several billion", "several million", "a few billion", "a few million", "many billions", "many millions",
	"multiple billion", "undisclosed sum", "undisclosed amount", "an undisclosed",
	"multi-hundred-million", "multi-hundred million", "multi-hundred-billion", "multi-hundred billion",
}

var vagueCurrencyTails = []string{" of u.s. dollars", " of us dollars", " of dollars", " of euros", " of pounds", " in dollars",
	" u.s. dollars", " us dollars", " dollars", " euros", " pounds", "-dollar", " dollar", "-euro", "-pound", " euro", " pound", " sum", " amount", " sums", " amounts",
	" yuan", "-yuan", " yen", "-yen", " won", " rupees", "-rupee"}

// findVague finds vague amounts ("tens of billions of dollars",
// "multibillion-dollar", "an undisclosed sum"); l is s lower-cased, same length.
func findVague(s, l string) [][]int {
	if len(l) != len(s) {
		return reMoneyVague.FindAllStringIndex(s, -1)
	}
	var out [][]int
	for _, p := range vagueStarts {
		from := 0
		for {
			i := strings.Index(l[from:], p)
			if i < 0 {
				break
			}
			start := from + i
			end := start + len(p)
			from = end
			if start > 0 && isAlnumByte(l[start-1]) {
				continue
			}
			if p == "an undisclosed" {
				start += 3
			}
			if p == "billions of" || p == "millions of" || p == "billions in" || p == "millions in" {
				end -= 3
			}
			money := false
			for _, tail := range vagueCurrencyTails {
				if strings.HasPrefix(l[end:], tail) {
					end += len(tail)
					money = true
					break
				}
			}
			// "multibillion-dollar", "tens of billions" stand alone; "billions of" needs a currency
			if !money && (strings.HasPrefix(p, "billions") || strings.HasPrefix(p, "millions") || strings.HasPrefix(p, "several") || strings.HasPrefix(p, "a few") || strings.HasPrefix(p, "many") || strings.HasPrefix(p, "multiple")) {
				continue
			}
			if strings.HasPrefix(p, "multi") && !money {
				for end < len(l) && isAlnumByte(l[end]) {
					end++
				}
			}
			if overlapsAny(out, start, end) {
				continue
			}
			out = append(out, []int{start, end})
		}
	}
	return out
}

func overlapsAny(spans [][]int, s, e int) bool {
	for _, sp := range spans {
		if s < sp[1] && e > sp[0] {
			return true
		}
	}
	return false
}

func containsAnyWord(s string, ws ...string) bool {
	for _, w := range ws {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func isBoundary(b byte) bool {
	return b == ' ' || b == '(' || b == '"' || b == '\'' || b == '\n' || b == '\t'
}

func sub(s string, ix []int, group int) string {
	if ix[2*group] < 0 {
		return ""
	}
	return s[ix[2*group]:ix[2*group+1]]
}

func sortMoney(ms []Money) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Start < ms[j-1].Start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// mayHoldMoney is a cheap filter before the regular expressions run.
func mayHoldMoney(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '$' || c >= '0' && c <= '9' || c >= 0x80 {
			return true
		}
	}
	return strings.Contains(s, "illion") || strings.Contains(s, "ndisclosed")
}

// ParseAmount parses s as one amount of money; ok is false when s holds none.
func ParseAmount(s string) (Money, bool) {
	ms := FindAmounts(s)
	if len(ms) == 0 {
		return Money{}, false
	}
	return ms[0], true
}

// FindCapacities returns the compute capacities in s: "6 gigawatts", "1 GW",
// "one million TPUs", "100,000 GPUs".
func FindCapacities(s string) []Capacity {
	if !mayHoldMoney(s) && !strings.Contains(s, "million") && !strings.Contains(s, "one ") {
		return nil
	}
	var out []Capacity
	l := strings.ToLower(s)
	var powerHits, chipHits [][]int
	if len(l) == len(s) {
		powerHits = windowed(s, l, scanCapPower, 30, 12, "watt", "gw", "mw")
		chipHits = windowed(s, l, scanCapChips, 90, 30, "gpu", "tpu", "chips", "accelerators", "processors", "superchips", "graphics", "processing units")
	} else {
		powerHits = scanCapPower.findAll(s)
		chipHits = scanCapChips.findAll(s)
	}
	for _, ix := range powerHits {
		v, ok := parseNum(s[ix[2]:ix[3]])
		if !ok {
			continue
		}
		unit := "GW"
		if u := strings.ToLower(s[ix[4]:ix[5]]); strings.HasPrefix(u, "m") {
			unit = "MW"
		}
		c := Capacity{Value: v, Unit: unit, Start: ix[0], End: ix[1], Text: s[ix[0]:ix[1]]}
		c.Qualifier, _ = qualifierBefore(s, ix[0])
		out = append(out, c)
	}
	for _, ix := range chipHits {
		num := s[ix[2]:ix[3]]
		if ix[0] > 0 && (s[ix[0]-1] == '$' || s[ix[0]-1] == '.') {
			continue
		}
		v, ok := parseNum(num)
		if !ok {
			continue
		}
		if sc := sub(s, ix, 2); sc != "" {
			m, _ := scaleOf(sc)
			v *= m
		}
		if v < 8 && sub(s, ix, 2) == "" { // "two Nvidia chips" is no capacity commitment
			continue
		}
		if mid := sub(s, ix, 3); strings.Contains(mid, "$") {
			continue
		}
		c := Capacity{Value: v, Unit: "chips", Start: ix[0], End: ix[1], Text: s[ix[0]:ix[1]]}
		c.Qualifier, _ = qualifierBefore(s, ix[0])
		out = append(out, c)
	}
	return out
}

// windowed runs re only on windows around the cue words (before, after
// bytes), not over the whole sentence; l is s lower-cased, same length.
func windowed(s, l string, re *wordScan, before, after int, cues ...string) [][]int {
	var out [][]int
	lastEnd := 0
	for _, cue := range cues {
		from := 0
		for {
			i := strings.Index(l[from:], cue)
			if i < 0 {
				break
			}
			pos := from + i
			from = pos + len(cue)
			lo := max(pos-before, lastEnd)
			for lo > 0 && lo < len(s) && !utf8.RuneStart(s[lo]) {
				lo++
			}
			// start the window at a word boundary
			for lo > 0 && lo < pos && s[lo-1] != ' ' {
				lo++
			}
			hi := min(pos+len(cue)+after, len(s))
			for hi < len(s) && !utf8.RuneStart(s[hi]) {
				hi++
			}
			if lo >= hi || !hasNumber(l[lo:hi]) {
				continue
			}
			for _, ix := range re.findAll(s[lo:hi]) {
				for k := range ix {
					if ix[k] >= 0 {
						ix[k] += lo
					}
				}
				if !overlapsAny(out, ix[0], ix[1]) {
					out = append(out, ix)
				}
			}
		}
	}
	return out
}

// hasNumber reports a digit or a number word in lower-cased s.
func hasNumber(l string) bool {
	for i := 0; i < len(l); i++ {
		if l[i] >= '0' && l[i] <= '9' {
			return true
		}
	}
	for _, w := range []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen", "twenty", "fifty", "hundred", "million", "thousand", " a "} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// FindHorizon returns the year a commitment runs until: "through 2030",
// "until 2032"; or, given the publication year, "over seven years" → year+7.
// ok is false when s names no horizon.
func FindHorizon(s string, pubYear int) (string, bool) {
	if !strings.Contains(s, "20") && !strings.Contains(s, "year") {
		return "", false
	}
	if mayTellHorizonYear(s) {
		if m := reHorizonYear.FindStringSubmatch(s); m != nil {
			return m[1], true
		}
	}
	if pubYear > 0 && strings.Contains(s, "year") && mayTellHorizonSpan(s) {
		if m := reHorizonSpan.FindStringSubmatch(s); m != nil {
			return spanHorizon(m, pubYear)
		}
	}
	return "", false
}

// spanHorizon is the year a match of reHorizonSpan ("over the next five
// years", "a 10-year deal") reaches from pubYear: a span of 1 to 30 years.
func spanHorizon(m []string, pubYear int) (string, bool) {
	n := m[1]
	if n == "" {
		n = m[2]
	}
	if v, ok := parseNum(n); ok && v > 0 && v <= 30 {
		return strconv.Itoa(pubYear + int(v)), true
	}
	return "", false
}

// The cheap tests before the horizon expressions look at ASCII letters in
// either case: (?i) folds no letter of their words but k and s to a
// non-ASCII one, and neither tests a k or s.

// mayTellHorizonYear is the cheap test before reHorizonYear: "20" and two
// digits after a space, and before the space a word its alternatives end
// with ("through", "thru", "until", "till", "to", "the end of", "ending in").
func mayTellHorizonYear(s string) bool {
	for i := 1; i+4 <= len(s); i++ {
		if s[i] != '2' || s[i+1] != '0' || !isDigitByte(s[i+2]) || !isDigitByte(s[i+3]) || !isRESpace(s[i-1]) {
			continue
		}
		before := s[:i-1]
		for _, w := range []string{"through", "thru", "until", "till", "to", "of"} {
			if hasSuffixASCIIFold(before, w) {
				return true
			}
		}
		if n := len(before); hasSuffixASCIIFold(before, "in") && n >= 3 && isRESpace(before[n-3]) && hasSuffixASCIIFold(before[:n-3], "ending") {
			return true
		}
	}
	return false
}

// mayTellHorizonSpan is the cheap test before reHorizonSpan: "year" in
// either case after a number, with at most a space, a hyphen and a space
// between ("ten years", "5-year"): a digit or the last two letters of one
// of its number words ("six" ends in "ix"; "this year" is no span).
func mayTellHorizonSpan(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if !hasPrefixASCIIFold(s[i:], "year") {
			continue
		}
		q := i
		if q > 0 && isRESpace(s[q-1]) {
			q--
		}
		if q > 0 && s[q-1] == '-' {
			q--
		}
		if q > 0 && isRESpace(s[q-1]) {
			q--
		}
		if q > 0 && isDigitByte(s[q-1]) {
			return true
		}
		for _, end := range []string{"wo", "ee", "ur", "ve", "ix", "en", "ht", "ne", "ty"} { // two, three, four, five, six, seven, eight, nine, ten, twelve, fifteen, twenty
			if hasSuffixASCIIFold(s[:q], end) {
				return true
			}
		}
	}
	return false
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// isRESpace is a byte of the expressions' \s.
func isRESpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }

// hasPrefixASCIIFold reports whether s starts with the lower-case ASCII
// word p in either case.
func hasPrefixASCIIFold(s, p string) bool {
	return len(s) >= len(p) && asciiFoldPrefix(s, p)
}

// hasSuffixASCIIFold reports whether s ends with the lower-case ASCII
// word p in either case.
func hasSuffixASCIIFold(s, p string) bool {
	return len(s) >= len(p) && asciiFoldPrefix(s[len(s)-len(p):], p)
}
