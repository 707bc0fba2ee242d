package extract

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// sentence is one sentence of the article with its byte offsets.
type sentence struct {
	Text       string
	Start, End int
	Para       int // paragraph number: coreference does not cross paragraphs far
}

// segmenter splits text into sentences with the Punkt model that prose v2
// uses internally. prose.NewDocument rebuilds that model on every call
// (tens of milliseconds); here it is loaded once and shared: Tokenize only
// reads the model, so one segmenter serves concurrent extractions.
type segmenter struct {
	tok *sentences.DefaultSentenceTokenizer
}

func newSegmenter() (*segmenter, error) {
	raw, err := data.Asset("data/english.json")
	if err != nil {
		return nil, fmt.Errorf("load punkt model: %w", err)
	}
	training, err := sentences.LoadTraining(raw)
	if err != nil {
		return nil, fmt.Errorf("parse punkt model: %w", err)
	}
	// Abbreviations common in business news that the stock model misses.
	for _, a := range []string{"inc", "corp", "co", "ltd", "no", "gov", "sgt", "mt", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "pvt", "pte", "bhd", "sdn", "intl", "hldgs"} {
		training.AbbrevTypes.Add(a)
	}
	// as sentences.NewSentenceTokenizer builds it, with the per-token tests
	// of wordTypes and punctStrings
	lang := punctStrings{sentences.NewPunctStrings()}
	return &segmenter{tok: sentences.NewTokenizer(training, wordTypes{sentences.NewWordTokenizer(lang)}, lang)}, nil
}

// wordTypes is the Punkt model's word tokenizer with the tests its
// annotations ask of every token answered by scanning bytes: each gives
// what the DefaultWordTokenizer method of the same name gives, which runs
// a regular expression or converts the token to runes.
type wordTypes struct {
	*sentences.DefaultWordTokenizer
}

// Type is the token in lower case with a number at its end (the
// tokenizer's -?[\.,]?\d[\d,\.-]*\.?$) written "##number##", and its commas
// removed unless it is one byte long.
func (p wordTypes) Type(t *sentences.Token) string {
	typ := strings.ToLower(t.Tok)
	if i := numericTail(typ); i >= 0 {
		typ = typ[:i] + "##number##"
	}
	if len(typ) == 1 {
		return typ
	}
	return strings.ReplaceAll(typ, ",", "")
}

// numericTail is where the tokenizer's number pattern matches s, which
// reaches its end: the leftmost start of an optional "-", an optional "."
// or "," and a digit, with only digits, commas, points and hyphens after
// it. It is -1 when there is none.
func numericTail(s string) int {
	j := len(s)
	for j > 0 && (isDigitByte(s[j-1]) || s[j-1] == ',' || s[j-1] == '.' || s[j-1] == '-') {
		j-- // a match holds no other byte
	}
	for i := j; i < len(s); i++ {
		k := i
		if s[k] == '-' {
			k++
		}
		if k < len(s) && (s[k] == '.' || s[k] == ',') {
			k++
		}
		if k < len(s) && isDigitByte(s[k]) {
			return i
		}
	}
	return -1
}

// TypeNoPeriod is the type without its final period.
func (p wordTypes) TypeNoPeriod(t *sentences.Token) string {
	typ := p.Type(t)
	if len(typ) > 1 && typ[len(typ)-1] == '.' {
		return typ[:len(typ)-1]
	}
	return typ
}

// TypeNoSentPeriod is the type without its final period if the token
// breaks a sentence.
func (p wordTypes) TypeNoSentPeriod(t *sentences.Token) string {
	if t.SentBreak {
		return p.TypeNoPeriod(t)
	}
	return p.Type(t)
}

// IsInitial: an ASCII letter and a period (^[A-Za-z]\.$).
func (p wordTypes) IsInitial(t *sentences.Token) bool {
	return len(t.Tok) == 2 && t.Tok[1] == '.' && (isLowerASCII(t.Tok[0]) || isUpperASCII(t.Tok[0]))
}

// IsEllipsis: two periods or more at the end (\.\.+$).
func (p wordTypes) IsEllipsis(t *sentences.Token) bool {
	return strings.HasSuffix(t.Tok, "..")
}

// HasSentEndChars reports a stop, question or exclamation mark before a
// closing quote or parenthesis, at the end or before an opening bracket:
// only a token holding one of the three marks is asked for the details.
func (p wordTypes) HasSentEndChars(t *sentences.Token) bool {
	return strings.ContainsAny(t.Tok, ".?!") && p.DefaultWordTokenizer.HasSentEndChars(t)
}

// FirstUpper reports an upper-case first letter.
func (p wordTypes) FirstUpper(t *sentences.Token) bool {
	r, _ := utf8.DecodeRuneInString(t.Tok)
	return t.Tok != "" && unicode.IsUpper(r)
}

// FirstLower reports a lower-case first letter.
func (p wordTypes) FirstLower(t *sentences.Token) bool {
	r, _ := utf8.DecodeRuneInString(t.Tok)
	return t.Tok != "" && unicode.IsLower(r)
}

// punctStrings is the tokenizer's punctuation with its test for a
// sentence's end punctuation made in one pass over a word.
type punctStrings struct {
	*sentences.DefaultPunctStrings
}

// HasSentencePunct reports a stop, question or exclamation mark in text.
func (punctStrings) HasSentencePunct(text string) bool {
	return strings.ContainsAny(text, ".!?")
}

// split cuts text into paragraphs at line breaks, then each paragraph into
// sentences. Offsets are byte offsets into text.
func (sg *segmenter) split(text string) []sentence {
	var out []sentence
	para := 0
	pos := 0
	for pos < len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		end := len(text)
		if nl >= 0 {
			end = pos + nl
		}
		line := text[pos:end]
		if strings.TrimSpace(line) != "" {
			out = sg.appendLine(out, text, pos, line, para)
			para++
		}
		pos = end + 1
	}
	return out
}

func (sg *segmenter) appendLine(out []sentence, text string, base int, line string, para int) []sentence {
	cursor := 0
	for _, s := range sg.tok.Tokenize(line) {
		st := strings.TrimSpace(s.Text)
		if st == "" {
			continue
		}
		i := strings.Index(line[cursor:], st)
		if i < 0 {
			continue
		}
		start := cursor + i
		stop := start + len(st)
		cursor = stop
		// Pages that lost their paragraph breaks glue sentences together
		// ("... and Lightspeed.The investment round ..."), and the tokenizer
		// runs on past a stop inside a curly quote ("… it.” He added"): cut
		// there too.
		for _, cut := range stopsInside(line[start:stop]) {
			out = appendSentence(out, text, base, line, start, start+cut, para)
			start += cut
		}
		out = appendSentence(out, text, base, line, start, stop, para)
	}
	return out
}

// stopsInside finds the sentence ends the tokenizer left inside s (glued
// stops and stops inside a closing curly quote) and returns the offsets
// just after each, each relative to the previous cut.
func stopsInside(s string) []int {
	cuts := append(gluedStops(s), quotedStops(s)...)
	slices.Sort(cuts)
	for i := len(cuts) - 1; i > 0; i-- {
		cuts[i] -= cuts[i-1]
	}
	return cuts
}

// gluedStops finds sentence ends with no space after them inside s: a
// lower-case word of two letters or more, a full stop (or ! ?), then a
// capitalised word ("Lightspeed.The", "company.Silicon"). "Amazon.com",
// "U.S.The" and "ASP.NET" are not cut. It returns the offsets just after
// each stop.
func gluedStops(s string) []int {
	var cuts []int
	for k := 2; k+2 < len(s); k++ {
		if s[k] != '.' && s[k] != '!' && s[k] != '?' {
			continue
		}
		if !isLowerASCII(s[k-1]) || !isLowerASCII(s[k-2]) || !isUpperASCII(s[k+1]) || !isLowerASCII(s[k+2]) {
			continue
		}
		cuts = append(cuts, k+1)
	}
	return cuts
}

// quotedStops finds sentence ends inside a closing curly quote: a full stop
// (or ! ?), then ” or ’, a space and a capital ("... partnership.” He
// added"). The tokenizer cuts after a straight quote there but not after a
// curly one, so the next sentence joined the quote's. It returns the
// offsets just after each quote.
func quotedStops(s string) []int {
	var cuts []int
	for k := 1; k < len(s); k++ {
		if s[k-1] != '.' && s[k-1] != '!' && s[k-1] != '?' {
			continue
		}
		for _, q := range []string{"”", "’"} {
			if e := k + len(q); strings.HasPrefix(s[k:], q) && e+1 < len(s) && s[e] == ' ' && isUpperASCII(s[e+1]) {
				cuts = append(cuts, e)
			}
		}
	}
	return cuts
}

func isLowerASCII(b byte) bool { return b >= 'a' && b <= 'z' }
func isUpperASCII(b byte) bool { return b >= 'A' && b <= 'Z' }

// appendSentence appends line[start:end] (trimmed) as one sentence, cut at
// spaces when it is longer than maxSentence.
func appendSentence(out []sentence, text string, base int, line string, start, end, para int) []sentence {
	for start < end && line[start] == ' ' {
		start++
	}
	for end > start && line[end-1] == ' ' {
		end--
	}
	{
		// Overlong "sentences" (tables, run-on junk) are cut at spaces so no
		// rule ever sees more than maxSentence bytes.
		for end-start > maxSentence {
			cut := start + maxSentence
			for cut > start+maxSentence/2 && line[cut] != ' ' {
				cut--
			}
			if line[cut] != ' ' {
				cut = start + maxSentence
				for cut > start && !utf8.RuneStart(line[cut]) {
					cut--
				}
			}
			out = append(out, sentence{Text: text[base+start : base+cut], Start: base + start, End: base + cut, Para: para})
			start = cut
			for start < end && line[start] == ' ' {
				start++
			}
		}
		if start < end {
			out = append(out, sentence{Text: text[base+start : base+end], Start: base + start, End: base + end, Para: para})
		}
	}
	return out
}

// maxSentence bounds the length of one sentence in bytes.
const maxSentence = 1200

// word is one token of a sentence with byte offsets relative to the sentence.
type word struct {
	Text       string
	Start, End int
}

// words tokenises s for gazetteer and pattern matching: runs of letters and
// digits (keeping inner ".", "&" as in Amazon.com, AT&T, and the thousands
// separators of a number, as in 1,000), the possessive "'s"
// as its own token, every other non-space character alone. The same function
// tokenises gazetteer aliases, so both sides always agree.
func words(s string) []word {
	return appendWords(make([]word, 0, len(s)/5), s)
}

// appendWords appends the words of s to out.
func appendWords(out []word, s string) []word {
	i := 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case unicode.IsSpace(r):
			i += size
		case isAlnum(r):
			j := i + size
			for j < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[j:])
				if isAlnum(r2) {
					j += s2
					continue
				}
				// "1,000", "200,000": a thousands separator is inside the number
				if r2 == ',' && thousandsGroup(s, i, j) {
					j += 4
					continue
				}
				if (r2 == '.' || r2 == '&') && j+s2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+s2:])
					if isAlnum(r3) {
						j += s2
						continue
					}
				}
				// "co-led", "co-founder", "co-develop": the prefix "co-" is part
				// of the word the rules look for
				if r2 == '-' && j-i == 2 && (s[i] == 'c' || s[i] == 'C') && (s[i+1] == 'o' || s[i+1] == 'O') && j+1 < len(s) && isAlnumByte(s[j+1]) {
					j++
					continue
				}
				break
			}
			if n := negationAfter(s, i, j); n > 0 {
				// "hasn't", "didn’t", "won't": the word, then "not", as the
				// cues and rules are written ("has not signed")
				out = append(out, word{Text: uncontracted(s[i : j-1]), Start: i, End: j - 1}, word{Text: "not", Start: j - 1, End: j + n})
				i = j + n
				continue
			}
			out = append(out, word{Text: s[i:j], Start: i, End: j})
			i = j
		case r == '\'' || r == '’':
			if j := i + size; j < len(s) && (s[j] == 's' || s[j] == 'S') && (j+1 == len(s) || !isAlnumByte(s[j+1])) {
				out = append(out, word{Text: "'s", Start: i, End: j + 1})
				i = j + 1
				continue
			}
			out = append(out, word{Text: "'", Start: i, End: i + size})
			i += size
		case r == '\u2010' || r == '\u2011' || r == '\u2012':
			// a hyphen, non-breaking hyphen or figure dash ("Mercedes\u2011Benz",
			// "multi\u2011year") is the rules' "-"
			out = append(out, word{Text: "-", Start: i, End: i + size})
			i += size
		default:
			out = append(out, word{Text: s[i : i+size], Start: i, End: i + size})
			i += size
		}
	}
	return out
}

// negationAfter reports a contracted negation ending the word s[i:j]: the
// word ends in "n" after at least one more letter, and an apostrophe
// (straight or curly) and a "t" that ends a word follow. It gives the
// bytes of apostrophe and "t" after j, or 0.
func negationAfter(s string, i, j int) int {
	if j-i < 2 || s[j-1] != 'n' && s[j-1] != 'N' || j >= len(s) {
		return 0
	}
	r, size := utf8.DecodeRuneInString(s[j:])
	if r != '\'' && r != '’' {
		return 0
	}
	k := j + size
	if k >= len(s) || s[k] != 't' && s[k] != 'T' || k+1 < len(s) && isAlnumByte(s[k+1]) {
		return 0
	}
	return size + 1
}

// uncontracted is the word a contracted negation was cut from: "won't" is
// "will not", "can't" "can not", "shan't" "shall not"; the others keep
// their first part ("didn't": "did"). The first letter's case is kept.
func uncontracted(w string) string {
	var full string
	switch strings.ToLower(w) {
	case "wo":
		full = "will"
	case "ca":
		full = "can"
	case "sha":
		full = "shall"
	default:
		return w
	}
	if w[0] >= 'A' && w[0] <= 'Z' {
		return strings.ToUpper(full[:1]) + full[1:]
	}
	return full
}

// thousandsGroup reports a comma at s[j] that separates the thousands of
// the number s[i:j] ("1,000", "200,000"): the token so far is one to three
// digits then groups of three, and exactly three digits follow the comma.
func thousandsGroup(s string, i, j int) bool {
	if j+4 > len(s) || !isDigits(s[j+1:j+4]) || isDigitStart(s[j+4:]) {
		return false
	}
	for n, g := range strings.Split(s[i:j], ",") {
		if !isDigits(g) || len(g) > 3 || n > 0 && len(g) != 3 {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return isAlnumByte(byte(r)) // the ASCII letters and digits, without the Unicode tables
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isAlnumByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
