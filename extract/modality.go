package extract

import (
	"slices"
	"strconv"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Sentence-level modality: does the sentence state that something happened or
// was agreed, report a rumour, deny, suppose, or restate the past? The checks
// are phrase lookups on the lower-cased sentence (regular expressions were
// the slowest part of extraction).

var afterVerbs = map[string]bool{"comes": true, "come": true, "came": true, "coming": true, "follows": true, "followed": true, "arrives": true, "arrived": true, "arriving": true}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true, "jan": true, "feb": true,
	"mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true,
}

var yearIntro = map[string]bool{"in": true, "since": true, "to": true, "from": true, "during": true, "of": true, "early": true, "late": true, "mid": true}

var hypoWords = map[string]bool{"if": true, "whether": true, "unless": true, "could": true, "might": true, "would": true,
	"candidates": true, "candidate": true} // "X and Y are the obvious candidates to host Z's work": no deal yet

var reportVerbs = map[string]bool{"said": true, "says": true, "announced": true, "confirmed": true, "agreed": true, "added": true, "stated": true, "promised": true, "pledged": true, "expected": true}

// phraseSet finds phrases by their first word instead of scanning the text
// once per phrase. A phrase's last word matches as a prefix when the phrase
// was written without a trailing word boundary ("speculat" → speculation).
// Each phrase carries the bits of the lists it came from, so one pass over
// a sentence answers for several lists (see moods).
type phraseSet struct {
	seqs map[string][]phraseSeq // phrases of two words or more, by their first word
	// single words, matched as prefixes of a word, by their first two bytes
	// (or one, for a one-letter phrase): a word is checked against the few
	// that can be its prefix, not against all of them
	singles map[string][]phraseWord
	short   bool // a one-letter single word is among them
	quick   *phraseFilter
}

// phraseFilter turns most words away before the maps of a phraseSet are
// asked: the first words of its sequences, and the first two bytes of its
// single words.
type phraseFilter struct {
	seqStarts  wordFilter
	singleKeys [256][4]uint64 // by first byte: a bit per second byte
}

// mayKeySingles reports whether single words are filed under the first two
// bytes of w (at least two long).
func (q *phraseFilter) mayKeySingles(w string) bool {
	return q.singleKeys[w[0]][w[1]>>6]&(1<<(w[1]&63)) != 0
}

type phraseSeq struct {
	seq  []string
	bits uint8
}

type phraseWord struct {
	w    string
	bits uint8
}

func (ps *phraseSet) add(phrases []string, bits uint8) {
	for _, p := range phrases {
		ws := words(strings.TrimSpace(p))
		if len(ws) == 0 {
			continue
		}
		seq := make([]string, len(ws))
		for i, w := range ws {
			seq[i] = strings.ToLower(w.Text)
		}
		if len(seq) == 1 {
			key := seq[0][:min(2, len(seq[0]))]
			ps.short = ps.short || len(key) < 2
			ps.singles[key] = append(ps.singles[key], phraseWord{seq[0], bits})
			if len(key) == 2 {
				ps.quick.singleKeys[key[0]][key[1]>>6] |= 1 << (key[1] & 63)
			}
			continue
		}
		ps.seqs[seq[0]] = append(ps.seqs[seq[0]], phraseSeq{seq, bits})
		ps.quick.seqStarts.add(seq[0])
	}
}

// which returns the bits of the phrases found in low, stopping as soon as
// every bit of want is found.
func (ps phraseSet) which(low []string, want uint8) uint8 {
	var found uint8
	for i, w := range low {
		if len(w) >= 2 && ps.quick.mayKeySingles(w) {
			found |= ps.singleBits(w, w[:2])
		}
		if ps.short && len(w) >= 1 {
			found |= ps.singleBits(w, w[:1])
		}
		var seqs []phraseSeq
		if ps.quick.seqStarts.mayHold(w) {
			seqs = ps.seqs[w]
		}
		for _, sq := range seqs {
			seq := sq.seq
			if found&sq.bits == sq.bits || i+len(seq) > len(low) {
				continue
			}
			ok := true
			for k := 1; k < len(seq); k++ {
				if low[i+k] != seq[k] && !(k == len(seq)-1 && strings.HasPrefix(low[i+k], seq[k])) {
					ok = false
					break
				}
			}
			if ok {
				found |= sq.bits
			}
		}
		if found&want == want {
			break
		}
	}
	return found & want
}

// singleBits returns the bits of the single-word phrases filed under key
// that w starts with.
func (ps phraseSet) singleBits(w, key string) uint8 {
	var bits uint8
	for _, p := range ps.singles[key] {
		if bits&p.bits != p.bits && strings.HasPrefix(w, p.w) {
			bits |= p.bits
		}
	}
	return bits
}

// The lists of the lexicon's modality section, one bit each in moods.
const (
	moodRumour uint8 = 1 << iota
	moodAttribution
	moodCompleted
	moodDenial
	moodBackground
	moodSentence = moodRumour | moodAttribution | moodCompleted | moodDenial
)

func newMoods(m lexModality) phraseSet {
	ps := phraseSet{seqs: map[string][]phraseSeq{}, singles: map[string][]phraseWord{}, quick: &phraseFilter{}}
	ps.add(m.Rumour, moodRumour)
	ps.add(m.Attribution, moodAttribution)
	ps.add(m.Completed, moodCompleted)
	ps.add(m.Denial, moodDenial)
	ps.add(m.Background, moodBackground)
	return ps
}

// sourceWords say where an unnamed source stands: "a person involved in
// the talks", "people familiar with the negotiations", "a source close to
// the discussions", "sources with knowledge of the talks".
var sourceWords = map[string]string{"involved": "in", "familiar": "with", "briefed": "on", "close": "to", "knowledge": "of"}

// sourceTalksMasked returns low with the talks of a source's standing
// blanked out: "Meta has signed a deal to rent Google's chips, according to
// a person involved in the talks" reports a signed deal, not talks about
// one (r2396, r2823). low itself is returned when there are none.
func sourceTalksMasked(low []string) []string {
	var out []string
	for i := 3; i < len(low); i++ {
		if talkNouns[low[i]] && low[i-1] == "the" && sourceWords[low[i-3]] == low[i-2] {
			if out == nil {
				out = slices.Clone(low)
			}
			out[i] = "\x00" // no phrase's word (an empty one would key the single-word phrases)
		}
	}
	if out == nil {
		return low
	}
	return out
}

// sentenceModality classifies one sentence given its lower-cased words.
func sentenceModality(low []string) string {
	return frameModality(low, 0, len(low), nil)
}

// frameModality classifies the event whose trigger clause is low[lo:hi]:
// denials and rumours count for the whole sentence, background phrases and
// hypotheticals only inside the clause ("OpenAI, which signed a deal last
// year, today agreed ..." keeps today's deal). past holds the word indexes
// of past years.
func frameModality(low []string, lo, hi int, past []int) string {
	if m := sentenceLevelModality(low); m != "" {
		return m
	}
	return clauseModality(low, lo, hi, past)
}

// sentenceLevelModality is the modality the whole sentence sets, or "":
// a denial, a rumour, an attributed plan, a deal told as what came before.
func sentenceLevelModality(low []string) string {
	mood := moods.which(low, moodSentence)
	if mood&moodDenial != 0 {
		return schemas.ModalityDenied
	}
	if mood&moodRumour != 0 && moods.which(sourceTalksMasked(low), moodRumour) != 0 { // (the cheap test first)
		return schemas.ModalityRumoured
	}
	// "has signed a cloud deal with X, according to people familiar with the
	// matter": a completed act reported by unnamed sources is stated; an
	// attributed plan or figure stays a rumour.
	if mood&moodAttribution != 0 && mood&moodCompleted == 0 {
		return schemas.ModalityRumoured
	}
	if comesAfter(low) {
		return schemas.ModalityBackground
	}
	return ""
}

// modality is frameModality for a clause of this sentence; the sentence's
// own part is worked out once, for low the sentence's words unmasked.
func (si *sentenceInfo) modality(low []string, lo, hi int, past []int) string {
	if len(low) != len(si.low) || len(low) > 0 && &low[0] != &si.low[0] {
		return frameModality(low, lo, hi, past)
	}
	if !si.levelKnown {
		si.level, si.levelKnown = sentenceLevelModality(low), true
	}
	if si.level == schemas.ModalityRumoured && talksElsewhere(low, lo, hi) {
		return clauseModality(low, lo, hi, past)
	}
	if si.level != "" {
		return si.level
	}
	return clauseModality(low, lo, hi, past)
}

// talksElsewhere reports a clause low[lo:hi] that tells a completed act
// ("has signed", "inked") while the sentence's talks are another clause's:
// "Meta has signed a deal to rent Google's chips and has also been in
// talks to buy them", "Thrive has committed $1 billion, while Microsoft is
// also in talks to invest". The signed deal is stated; the talks stay a
// rumour in their own clause.
func talksElsewhere(low []string, lo, hi int) bool {
	clause := low[lo:hi]
	return moods.which(clause, moodCompleted) != 0 && moods.which(clause, moodRumour|moodAttribution) == 0
}

// clauseModality classifies the clause low[lo:hi] of a sentence that sets
// no modality of its own.
func clauseModality(low []string, lo, hi int, past []int) string {
	if isBackground(low[lo:hi]) {
		return schemas.ModalityBackground
	}
	for _, y := range past {
		if y >= lo && y < hi {
			return schemas.ModalityBackground
		}
	}
	for i := lo; i < hi; i++ {
		w := low[i]
		if !hypoWordFilter.mayHold(w) || !hypoWords[w] {
			if w == "may" && i+1 < len(low) && triggerWords[low[i+1]] != trNone {
				return schemas.ModalityRumoured
			}
			continue
		}
		if (w == "would" || w == "could") && i+1 < len(low) && valueVerbs[low[i+1]] || i+2 < len(low) && low[i+1] == "be" && valueVerbs[low[i+2]] {
			continue // "could be worth up to $10 billion": a stated deal of uncertain size
		}
		if i > 0 && low[i-1] == "what" && i+1 < len(low) && (low[i+1] == "be" || low[i+1] == "become") {
			continue // "announced what might be the most significant cloud partnership": a judgement of a stated deal
		}
		if inHowClause(low, lo, i) {
			continue // "signed a memorandum to explore how Claude could help": the modal is the purpose's
		}
		if w == "if" && conditionOfValue(low, lo, i) {
			continue // "with the total potentially reaching $40 billion if targets are hit": the deal is made, its size depends
		}
		if (w == "could" || w == "would" || w == "might") && relativeModal(low, lo, i) {
			continue // "In a move that could reshape the industry, X and Y announced": the modal is the noun's
		}
		if w == "would" || w == "could" {
			// "said it would invest": a stated plan, not a hypothesis.
			reported := false
			for k := i - 1; k >= 0 && k >= i-5; k-- {
				if reportVerbs[low[k]] {
					reported = true
					break
				}
			}
			if !reported && hasAny(low, i-3, i, "that") {
				// "X said its deal had ended, and that it would no longer ...": a second reported clause
				for k := i - 4; k >= 0; k-- {
					if reportVerbs[low[k]] {
						reported = true
						break
					}
				}
			}
			if reported && w == "would" {
				continue
			}
		}
		return schemas.ModalityRumoured
	}
	return schemas.ModalityStated
}

// inHowClause reports a modal at i inside a "how" clause that follows the
// deal's trigger (from lo on): within six words of "how", with no comma
// between, and a trigger word before "how" ("signed a memorandum to explore
// how Claude could improve access", "will pay Google, though it declined to
// say how much it would pay"). The clause tells what the parties study or
// leave unsaid, not whether the deal is made; a deal told inside the "how"
// clause ("discussed how they could partner") keeps its modal.
func inHowClause(low []string, lo, i int) bool {
	for k := i - 1; k >= lo && k >= i-6; k-- {
		switch low[k] {
		case "how":
			for j := lo; j < k; j++ {
				if triggerWords[low[j]] != trNone {
					return true
				}
			}
			return false
		case ",", ";", ":", ".":
			return false
		}
	}
	return false
}

// clauseVerbs take a "that" clause as their object: "said that it would",
// "expects that the deal could close". A modal after them is the clause's
// own, not a relative clause's.
var clauseVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "announced": true, "confirmed": true, "added": true, "stated": true,
	"expects": true, "expected": true, "hopes": true, "believes": true, "believe": true, "thinks": true, "think": true,
	"suggests": true, "suggested": true, "means": true, "meant": true, "signals": true, "indicates": true, "noted": true,
	"reported": true, "reports": true, "claims": true, "claimed": true, "warned": true, "argued": true, "so": true,
	"now": true, "such": true, "given": true, "assuming": true, "provided": true, "ensure": true, "ensures": true,
}

// relativeModal reports a modal at i that opens a relative clause of a noun
// before the deal's trigger words or after its object: "In a move that
// could reshape the industry, X and Y have announced", "in an unprecedented
// move that could be a game changer, X announced it has signed", "canceled a
// contract with X that could eventually have been worth $10 billion", "has
// invested $1 billion, with a clause that Y would shift its systems". The
// modal tells what the deal may bring, not whether it was made. "That" after
// a verb of saying or expecting ("said that it would invest") opens a
// clause of its own and is left to the rules above.
func relativeModal(low []string, lo, i int) bool {
	k := i - 1
	if k > lo && (strings.HasSuffix(low[k], "ly") || low[k] == "also" || low[k] == "still") {
		k-- // "that eventually could", "which potentially would"
	}
	for n := 0; n < 2 && k > lo && low[k] != "that" && low[k] != "which" && isWordNoun(low[k]); n++ {
		k-- // the clause's own subject: "a clause that CME would shift its systems"
	}
	if k <= lo || low[k] != "that" && low[k] != "which" {
		return false
	}
	prev := low[k-1]
	if low[k] == "which" {
		return prev == "," || isWordNoun(prev)
	}
	return isWordNoun(prev) // (which is never one of clauseVerbs)
}

// valueWords tell a deal's size: "worth", "valued at", "the total reaching".
var valueWords = map[string]bool{"worth": true, "valued": true, "value": true, "total": true, "reaching": true, "reach": true, "rising": true}

// conditionOfValue reports an "if" at i that conditions a deal's size told
// just before it, within twelve words and no semicolon: "with the total
// potentially reaching $40 billion if performance targets are hit", "could be
// worth up to $10 billion over ten years if the Pentagon exercises all
// options". The deal is made; what it may grow to is the condition's.
func conditionOfValue(low []string, lo, i int) bool {
	for k := i - 1; k >= lo && k >= i-12; k-- {
		switch {
		case low[k] == ";" || low[k] == ":":
			return false
		case valueWords[low[k]]:
			return true
		}
	}
	return false
}

// isWordNoun is a rough test that a lower-cased word may be the noun a
// relative clause attaches to: a word, neither a verb form in -ed nor a
// function word.
func isWordNoun(w string) bool {
	if len(w) < 3 || strings.HasSuffix(w, "ed") || clauseVerbs[w] || reportVerbs[w] {
		return false
	}
	switch w {
	case "the", "and", "but", "for", "not", "all", "any", "one", "has", "had", "have", "was", "were", "are", "its", "his", "her", "their":
		return false
	}
	for _, r := range w {
		if (r < 'a' || r > 'z') && r != '-' {
			return false
		}
	}
	return true
}

var valueVerbs = map[string]bool{"worth": true, "valued": true, "total": true, "reach": true, "rise": true, "grow": true,
	"exceed": true, "top": true, "increase": true, "expand": true, "make": true, "give": true, "bring": true, "allow": true,
	"help": true, "see": true, "add": true, "extend": true}

// comesAfter: "The talks come weeks after ...", "follows an earlier deal".
func comesAfter(low []string) bool {
	for i, w := range low {
		if (w == "a" || w == "an" || w == "its" || w == "their") && i > 0 && (low[i-1] == "follows" || low[i-1] == "followed") {
			return true // "The deal follows a $2 billion investment by SoftBank"
		}
		if w == "as" && i > 0 && (low[i-1] == "comes" || low[i-1] == "came") {
			return true // "The investment comes as rivals pour money into ..."
		}
		if w == "after" && i > 0 {
			for k := i - 1; k >= 0 && k >= i-4; k-- { // "coming just two weeks after"
				if afterVerbs[low[k]] {
					return true
				}
			}
		}
	}
	return false
}

// inAfterClause reports whether word t lies in a time clause that tells
// what came before the sentence's news: one that opens the sentence ("Five
// days after PwC committed 30,000 staff to Claude, KPMG ...", "Just five
// months after Constellation announced a power deal with Microsoft, the
// company ...") up to its comma, or one after a comma (", days after
// Microsoft announced a multibillion-dollar investment in OpenAI") up to
// the sentence's end. A deal told there is background.
func inAfterClause(low []string, t int) bool {
	for k := 0; k < t; k++ {
		if k > 0 && low[k-1] != "," {
			continue
		}
		j := afterClauseStart(low, k)
		if j < 0 || t < j {
			continue
		}
		end := len(low)
		for e := j; e < len(low); e++ {
			if low[e] == "," && k == 0 || low[e] == ";" {
				end = e // (a trailing clause's commas may list adjectives: "a new multiyear, multibillion-dollar investment")
				break
			}
		}
		if t < end {
			return true
		}
	}
	return false
}

// afterClauseStart returns the index after "after" when low[k:] opens a
// time clause ("just five months after", "days after", "a week after"),
// or -1.
func afterClauseStart(low []string, k int) int {
	for k < len(low) && (low[k] == "just" || low[k] == "only" || low[k] == "barely" || low[k] == "some" || low[k] == "less" || low[k] == "more" || low[k] == "than" || low[k] == "mere") {
		k++
	}
	n := k
	for k < len(low) && k < n+2 && (cardinals[low[k]] || low[k] == "a" || low[k] == "few" || low[k] == "several" || isDigits(low[k])) {
		k++
	}
	if k+1 >= len(low) || !timeUnits[low[k]] || low[k+1] != "after" || k == n && !strings.HasSuffix(low[k], "s") {
		return -1 // ("Days after X ..." may leave out the number; "Day after" is no clause)
	}
	return k + 2
}

var timeUnits = map[string]bool{"hours": true, "hour": true, "days": true, "day": true, "weeks": true, "week": true, "months": true, "month": true, "years": true, "year": true}

func isBackground(low []string) bool {
	return moods.which(low, moodBackground) != 0
}

// pastYears returns the word indexes of years before the publication year
// introduced as a time ("in 2019", "since 2023", "in November 2025").
func pastYears(low []string, pubYear int) []int {
	var out []int
	if pubYear <= 0 {
		return nil
	}
	for i, w := range low {
		if len(w) != 4 || !(strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) {
			continue
		}
		y, err := strconv.Atoi(w)
		if err != nil || y >= pubYear {
			continue
		}
		k := i - 1
		if k >= 0 && (low[k] == "." || low[k] == ",") {
			k--
		}
		if k >= 0 && months[low[k]] {
			k--
		}
		if k >= 0 && (yearIntro[low[k]] || low[k] == "-" && k > 0 && low[k-1] == "mid") {
			if k > 0 && low[k] == "in" && foundingWords[low[k-1]] {
				continue // "Founded in 2020, X is backed by ...": when the company began, not when the deal was
			}
			out = append(out, i)
		}
	}
	return out
}

var foundingWords = map[string]bool{"founded": true, "established": true, "incorporated": true, "launched": true, "started": true, "born": true}

// pastYearInClause reports whether a past year sits in the clause of the
// trigger at t; relative clauses ("a partnership that began in 2023") are
// separate clauses here.
func pastYearInClause(low []string, years []int, t int) bool {
	if len(years) == 0 {
		return false
	}
	lo, hi := relativeClause(low, t)
	for _, y := range years {
		if y >= lo && y < hi {
			return true
		}
	}
	return false
}

// relativeClause is the clause of the trigger at t, with relative clauses
// after a deal noun ("a partnership that began in 2023") cut off.
func relativeClause(low []string, t int) (int, int) {
	lo, hi := clauseBounds(low, t)
	for k := t - 1; k >= lo; k-- {
		if low[k] == "," {
			break // "In a move that could reshape the industry, X and Y announced": that clause closed at the comma
		}
		if low[k] == "that" {
			lo = k + 1
			break
		}
	}
	for k := t + 1; k < hi; k++ {
		if (low[k] == "that" || low[k] == "they" || low[k] == "it" || low[k] == "we") && k > 0 && (low[k-1] == "partnership" || low[k-1] == "relationship" || low[k-1] == "agreement" || low[k-1] == "deal" || low[k-1] == "alliance" || low[k-1] == "contract") {
			hi = k
			break
		}
	}
	return lo, hi
}

// negationsOfReport are verbs whose negation says nothing about the deal
// ("did not disclose how much it invested").
var negationsOfReport = map[string]bool{
	"disclose": true, "say": true, "reveal": true, "comment": true, "confirm": true, "specify": true, "elaborate": true,
	"respond": true, "name": true, "give": true, "provide": true, "share": true, "only": true,
}

// negatedTrigger reports a trigger word that a negation governs in its own
// clause: "decided not to exercise its option to purchase", "it was not
// buying", "has never invested". "No longer" is an action (ended, capped),
// not a negation, and a negated report verb ("did not disclose") says
// nothing about the deal.
func negatedTrigger(low []string, t int) bool {
	for k := t - 1; k >= 0 && k >= t-6; k-- {
		switch low[k] {
		case ",", ";", ":", "but", "while", "and", "which", "who", "that", "after", "before":
			return false
		case "not", "never", "cannot":
			if k+1 < len(low) && (negationsOfReport[low[k+1]] || low[k+1] == "just" || low[k+1] == "only") {
				return false // "did not disclose", "isn't just a partnership", "not only invests"
			}
			return true
		}
	}
	return false
}
