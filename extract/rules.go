package extract

import (
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// trigger classes
type trClass int

const (
	trNone      trClass = iota
	trInvest            // invest, investment, stake: subject invests in object
	trRaise             // raised, secured (funding): subject receives, "from"/"led by" invests
	trBack              // backs, backed: subject invests in object
	trBuyer             // spend, buy, commit, pay, rent: subject is the customer
	trSeller            // provide, supply, deliver, lands: subject is the provider
	trDeal              // contract, deal, agreement, signed: direction from the parties' kinds
	trUse               // "increase its use of", "agreed to use": subject is the customer
	trRevShare          // revenue share
	trPartner           // partnership, collaboration, alliance
	trRelation          // relationship, ties: a partnership only with an action cue
	trExclusive         // exclusive, exclusivity
	trTerms             // revised terms between X and Y: partnership restructured
	trJoin              // "X and Y also took part in the round": investors join the last round
	trHire              // "X hired Y to build", "X picked Y as its cloud provider": X is the customer
)

// verbalPartnering reports a partnership verb phrase at t that is no
// trigger word alone: "partner(s) with" used as a verb ("will partner with",
// "Nvidia partners with"), and "join(s|ed|ing) forces".
func verbalPartnering(low []string, t int) bool {
	if t+1 >= len(low) {
		return false
	}
	switch low[t] {
	case "join", "joins", "joined", "joining":
		return low[t+1] == "forces"
	case "partner", "partners":
		// "A, B and C partner on a campus": the verb without "with", after a
		// name (a noun after a determiner or a modifier is no verb)
		if low[t+1] != "with" && low[t+1] != "on" && low[t+1] != "to" || t == 0 {
			return false
		}
		p := low[t-1]
		return !determiners[p] && !preps[p] && p != "'s" && p != "key" && p != "strategic" && p != "cloud" && p != "preferred" && p != "exclusive"
	}
	return false
}

// frame is one candidate event found in one sentence.
type frame struct {
	typ, action, kind string
	from, to          *mention // commitments
	holder, grantor   *mention // exclusivity
	partners          []*mention
	money             *Money
	capacity          *Capacity
	until             string
	scope             string
	score             float64
	sent              int        // sentence index
	trig              int        // trigger word index in the sentence
	extraFrom         []*mention // further investors of the same round
	participants      []*mention // investors that only took part ("with participation from"): no amount
	modality          string
	directed          bool     // direction came from the verb, not from the parties' kinds
	hub               *mention // a partnership of each other partner with hub, pairwise ("A and B partnered with C")
	untold            bool     // an amount was seen but is not this party's own (a round's or a group's total)
	fraction          bool     // a revenue share told as a part of revenue ("half of the revenue"), beside any payment
	floor             float64  // the least confidence its event needs, when its stage guesses (capacityStageFloor)
	alts              []frame  // other readings of the same event that mergeFrames set aside (same key, modality and action)
}

// sentenceInfo is one analysed sentence.
type sentenceInfo struct {
	sentence
	ws    []word
	low   []string
	ments []mention
	money []Money
	caps  []Capacity
	// word indexes of the commitment trigger words
	commitTriggers []int
	idx            int     // sentence index in the article
	prevPair       [2]*Org // the two organisations most recently named before this sentence
	notOwn         []uint8 // by amount: 0 not yet asked, 1 a deal's own amount, 2 a valuation, total, price, target or result
	level          string  // the modality the whole sentence sets (sentenceLevelModality), once levelKnown
	levelKnown     bool
}

// readAmounts reads the sentence's amounts where the main loop did not
// (it reads them only where a commitment word stands).
func (si *sentenceInfo) readAmounts() {
	if si.money == nil {
		si.money = dealAmounts(si.Text)
	}
}

// ownAmount reports whether money[i] can be a deal's own amount: not a
// valuation, a running total, a unit price, a target or a financial result.
// Every commitment word of the sentence asks, so the answer is kept.
func (si *sentenceInfo) ownAmount(i int) bool {
	if len(si.notOwn) != len(si.money) {
		si.notOwn = make([]uint8, len(si.money))
	}
	if si.notOwn[i] == 0 {
		m := &si.money[i]
		si.notOwn[i] = 1
		if isValuation(si, m) || isRunningTotal(si, m) || isUnitPrice(si, m) || isTarget(si, m) || isFinancialResult(si, m) {
			si.notOwn[i] = 2
		}
	}
	return si.notOwn[i] == 1
}

var preps = map[string]bool{
	"with": true, "to": true, "from": true, "of": true, "in": true, "on": true, "by": true, "for": true, "at": true,
	"through": true, "via": true, "including": true, "like": true, "as": true, "into": true, "than": true, "over": true,
	"among": true, "about": true, "against": true, "between": true, "and": false,
}

// clauseBounds returns the clause [lo, hi) of the sentence around word i:
// clauses break at ";", "while", "whereas", "followed by", and ", and" before a
// new verb phrase.
func clauseBounds(low []string, i int) (int, int) {
	lo, hi := 0, len(low)
	for k := i - 1; k >= 0; k-- {
		if isClauseBreak(low, k) {
			if (low[k] == "which" || low[k] == "who" || low[k] == "whom") && k > 0 && (low[k-1] == "," || preps[low[k-1]] || low[k-1] == "without") && hasAny(low, k+1, i, ",") {
				// also "ASML, the maker of the machines without which no chip can be made, invested ..."
				continue // "Lambda, which counts Nvidia among its investors, has worked with ...": a parenthesis
			}
			lo = k + 1
			break
		}
	}
	for k := i + 1; k < len(low); k++ {
		if isClauseBreak(low, k) {
			hi = k
			break
		}
	}
	return lo, hi
}

var auxAfterAnd = map[string]bool{
	"has": true, "have": true, "had": true, "will": true, "is": true, "are": true, "was": true, "were": true,
	"plans": true, "agreed": true, "signed": true, "said": true, "would": true, "also": true, "then": true,
	"separately": true, "later": true, "subsequently": true, "recently": true,
}

var clauseAux = map[string]bool{"will": true, "would": true, "has": true, "have": true, "had": true, "is": true, "are": true, "was": true, "were": true, "said": true, "agreed": true, "plans": true}

var notSubjectStart = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true, "will": true, "it": true, "that": true, "this": true, "other": true, "more": true}

func isClauseBreak(low []string, k int) bool {
	switch low[k] {
	case ";", "while", "whereas", "which", "who", "because", "although", "though", "whether":
		return true
	case "after", "amid", "following":
		// "..., after reports that OpenAI planned to acquire Windsurf"
		return k+1 < len(low) && (low[k+1] == "reports" || low[k+1] == "news" || low[k+1] == "speculation" || low[k+1] == "rumours" || low[k+1] == "rumors")
	case "when", "once", "until", "unless":
		// "... to be deployed when the two companies sign an agreement": a
		// separate clause; but "in 2019, when Microsoft invested" stays one
		j := k - 1
		if j >= 0 && low[j] == "," {
			j--
		}
		return !(j >= 0 && (len(low[j]) == 4 && (strings.HasPrefix(low[j], "19") || strings.HasPrefix(low[j], "20")) || months[low[j]] || low[j] == "then" || low[j] == "ago"))
	case "so":
		return k > 0 && low[k-1] == ","
	case "followed":
		return k+1 < len(low) && low[k+1] == "by"
	case "and":
		if k > 0 && low[k-1] == "," && k+1 < len(low) && auxAfterAnd[low[k+1]] ||
			k+1 < len(low) && auxAfterAnd[low[k+1]] && low[k+1] != "also" {
			return true
		}
		// "Pimco will provide $26 billion and Blue Owl will contribute $3 billion"
		// "Microsoft poured $14 billion into OpenAI, and Amazon invested $8 billion in Anthropic"
		for n := 2; n <= 3; n++ {
			if k+n < len(low) && (clauseAux[low[k+n]] || isVerbTrigger(low[k+n])) && !notSubjectStart[low[k+1]] {
				for j := k - 1; j >= 0 && j >= k-25; j-- {
					if low[j] == ";" || low[j] == "." {
						break
					}
					if clauseAux[low[j]] || isVerbTrigger(low[j]) {
						return true
					}
				}
			}
		}
	}
	return false
}

// mentionsIn returns the mentions inside [lo, hi).
func mentionsIn(ms []mention, lo, hi int) []*mention {
	var out []*mention
	for i := range ms {
		if ms[i].wi >= lo && ms[i].wj <= hi {
			out = append(out, &ms[i])
		}
	}
	return out
}

// subjectBefore is the nearest mention before word t that is not the object
// of a preposition ("on AWS", "with Microsoft") and not a hardware brand.
func subjectBefore(si *sentenceInfo, ms []*mention, lo, t int) *mention {
	if t >= 2 && si.low[t-1] == "to" {
		// "a commitment from Meta Platforms to buy": the subject of the infinitive
		for _, m := range ms {
			if m.wj == t-1 && !m.brand && !m.implicit {
				return m
			}
		}
	}
	var best *mention
	for _, m := range ms {
		if m.wj > t || m.wi < lo || m.brand {
			continue
		}
		if m.wi > 0 && preps[si.low[m.wi-1]] && !(si.low[m.wi-1] == "by") && !absoluteSubject(si, m) || coordinatedPrepObject(si, m) {
			continue // "with Microsoft" is an object; "with G42 agreeing to deliver" a subject
		}
		if inList(si, m) || inParenthesis(si.low, m, t) {
			continue
		}
		if best == nil || m.wi > best.wi || (m.wi == best.wi && !m.implicit) {
			best = m
		}
	}
	return best
}

var talkNouns = map[string]bool{"talks": true, "negotiations": true, "discussions": true, "negotiating": true}

// talksAbout reads "X is in talks with Y about buying ...": X buys, Y is the
// counterparty, when only "about"/"over"/"on"/"to" (and an adverb) stands
// between Y and the purchase word t.
func talksAbout(si *sentenceInfo, ms []*mention, lo, t int) (from, to *mention) {
	low := si.low
	for _, m := range ms {
		if m.wi < lo+2 || m.wj > t || m.implicit || !talkNouns[low[m.wi-2]] || low[m.wi-1] != "with" {
			continue
		}
		gap := low[m.wj:t]
		if len(gap) == 0 || len(gap) > 2 || gap[0] != "about" && gap[0] != "over" && gap[0] != "on" && gap[0] != "to" {
			continue
		}
		subj := subjectBefore(si, ms, lo, m.wi-2)
		if subj == nil || subj.org == m.org {
			return nil, nil
		}
		return subj, m
	}
	return nil, nil
}

// countryAbbrevs are country names written as abbreviations.
var countryAbbrevs = map[string]bool{"U.S.": true, "U.S": true, "US": true, "U.K.": true, "U.K": true, "UK": true, "EU": true, "UAE": true, "U.A.E.": true}

// placeWord reports a word that places a description ("US chipmaker
// Nvidia", "Dutch lithography maker ASML", "U.K. startup Nscale").
func placeWord(w string) bool {
	return nationalities[w] || places[w] || countryAbbrevs[w]
}

// basedWord reports a "San Francisco-based" kind of word: a description of
// where the organisation after it is.
func basedWord(w string) bool {
	return w == "based" || w == "headquartered" || strings.HasSuffix(w, "-based") || strings.HasSuffix(w, "-headquartered")
}

// objectAfter is the first mention after word t that is not the subject's
// organisation; prep, when set, must directly precede it.
func objectAfter(si *sentenceInfo, ms []*mention, t, hi int, not *Org, prepsWanted ...string) *mention {
	for _, m := range ms {
		if m.wi <= t || m.wi >= hi || m.brand || (not != nil && m.org == not) {
			continue
		}
		if m.implicit && (si.low[m.wi] == "their" || si.low[m.wi] == "they") || inList(si, m) && !(len(prepsWanted) > 0 && prepsWanted[0] == "from") {
			continue
		}
		if groupMention(si, m) && !(m.wi > 0 && si.low[m.wi-1] == "between") {
			continue // "the two companies announced": both sides at once, not the counterparty
		}
		if len(prepsWanted) > 0 {
			ok := false
			end := describedAfterComma(si, m, t) // where the description before the name ends
			// "in the artificial intelligence company Anthropic": skip a
			// description of up to ten words ("in Abu Dhabi's artificial
			// intelligence technology holding company G42")
			for k := end - 1; k >= 0 && k >= end-11 && k > t; k-- {
				p := si.low[k]
				isPrep := false
				for _, w := range prepsWanted {
					if p == w {
						isPrep = true
					}
				}
				if isPrep {
					// "in Anthropic", "in the AI company Anthropic", "in AI startup Anthropic", "in EV maker Lucid"
					ok = k == end-1 || determiners[si.low[k+1]] || placePossessive(si, k+1) || personPossessive(si, k+1) == end || descriptorHeads[si.low[end-1]] || basedWord(si.low[end-1]) ||
						modifierNouns[si.low[end-1]] || modifierVerbs[strings.TrimPrefix(si.low[end-1], "-")] // "in OpenAI rival Anthropic", "in Nvidia-backed CoreWeave"
					break
				}
				if p == "of" && k > 0 && quantityNouns[si.low[k-1]] {
					continue // "in a series of Crusoe campuses": the quantity phrase is skipped
				}
				if modifierVerbs[p] && k > 0 && si.low[k-1] == "-" {
					continue // "in Nvidia-backed CoreWeave"
				}
				if placePossessive(si, k) || k > 0 && placePossessive(si, k-1) && p == "'s" {
					continue // "with Singapore's sovereign fund GIC"
				}
				if pp := possessiveOfPersonEndingAt(si, k); pp {
					continue // "in Elon Musk's xAI"
				}
				if preps[p] || triggerWords[p] != trNone && !descriptorTriggerNoun[p] || p == "," || isCapitalised(si.ws[k].Text) && !descriptorAcronyms[si.ws[k].Text] && !placeWord(si.ws[k].Text) && !basedWord(p) && !(k+1 < m.wi && (modifierNouns[si.low[k+1]] || si.low[k+1] == "-" || strings.HasPrefix(si.low[k+1], "-"))) {
					break
				}
			}
			if !ok {
				continue
			}
		}
		return m
	}
	return nil
}

// describedAfterComma returns where the description of a name m ends when
// a comma parts them: "in Abu Dhabi-based firm, G42,", "in Elon Musk's
// artificial intelligence company, xAI.". The description must end in a
// word that names a company, and the name must close the apposition ("in
// the startup, Nvidia said" starts a clause). Otherwise it returns m's
// first word.
func describedAfterComma(si *sentenceInfo, m *mention, t int) int {
	low := si.low
	c := m.wi - 1
	if c > t && low[c] == "the" {
		c--
	}
	if c-1 <= t || low[c] != "," || !(descriptorHeads[low[c-1]] || companyNouns[low[c-1]]) {
		return m.wi
	}
	if m.wj < len(low) && !appositionEnds[low[m.wj]] {
		return m.wi // "in the startup, Nvidia said": the name starts a clause
	}
	return c
}

// appositionEnds may follow a name that closes an apposition.
var appositionEnds = map[string]bool{",": true, ".": true, ";": true, ")": true, "to": true, "for": true, "in": true, "on": true, "as": true, "with": true}

// possessiveMark reports the token that marks an owner: "'s", or the
// apostrophe alone after a plural ("Persistent Systems' partnership"), in
// straight or curly form.
func possessiveMark(w string) bool {
	return w == "'s" || w == "’s" || w == "'" || w == "’"
}

func hasAny(low []string, lo, hi int, ws ...string) bool {
	if lo < 0 {
		lo = 0
	}
	if hi > len(low) {
		hi = len(low)
	}
	for k := lo; k < hi; k++ {
		for _, w := range ws {
			if low[k] == w {
				return true
			}
		}
	}
	return false
}

func hasPrefixAny(low []string, lo, hi int, ps ...string) bool {
	if lo < 0 {
		lo = 0
	}
	if hi > len(low) {
		hi = len(low)
	}
	for k := lo; k < hi; k++ {
		for _, p := range ps {
			if strings.HasPrefix(low[k], p) {
				return true
			}
		}
	}
	return false
}

// hasSeq reports whether the words of seq appear consecutively in [lo, hi).
func hasSeq(low []string, lo, hi int, seq ...string) bool {
	if lo < 0 {
		lo = 0
	}
	if hi > len(low) {
		hi = len(low)
	}
	for k := lo; k+len(seq) <= hi; k++ {
		ok := true
		for q, w := range seq {
			if low[k+q] != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// wordIndexAt returns the index of the word starting at or after byte off.
func wordIndexAt(ws []word, off int) int {
	for i, w := range ws {
		if w.End > off {
			return i
		}
	}
	return len(ws)
}

// journalismNouns are what "exclusive" qualifies in a newsroom's own
// language ("told Reuters in an exclusive interview"): no exclusive right.
var journalismNouns = map[string]bool{
	"interview": true, "interviews": true, "interaction": true, "report": true, "story": true, "scoop": true,
	"conversation": true, "chat": true, "footage": true, "photos": true, "look": true, "preview": true, "statement": true,
}

// notExclusiveRight reports an "exclusive" at t that grants no right: a
// non-exclusive licence ("a non-exclusive agreement"), or a newsroom's
// exclusive interview.
func notExclusiveRight(low []string, t int) bool {
	if strings.HasPrefix(low[t], "non") || t > 0 && (low[t-1] == "non" || low[t-1] == "non-") || t > 1 && low[t-2] == "non" && low[t-1] == "-" {
		return true
	}
	return t+1 < len(low) && journalismNouns[low[t+1]]
}

var adjectiveParticiples = map[string]bool{"paid": true, "sold": true, "bought": true, "spent": true, "built": true, "won": true}

// adjectivalParticiple reports a participle used as an adjective right
// after an article: "the paid versions of Spotify", "a funded startup".
func adjectivalParticiple(low []string, t int) bool {
	if t == 0 || t+1 >= len(low) || low[t-1] != "the" && low[t-1] != "a" && low[t-1] != "an" {
		return false
	}
	if !strings.HasSuffix(low[t], "ed") && !adjectiveParticiples[low[t]] {
		return false
	}
	next := low[t+1]
	return !preps[next] && !determiners[next] && next != "," && next != "." && next != "$" && next != "and"
}

// insideName reports a word inside the name of a mentioned organisation.
func insideName(si *sentenceInfo, t int) bool {
	for i := range si.ments {
		m := &si.ments[i]
		if !m.implicit && m.wi <= t && t < m.wj && m.wj-m.wi > 1 {
			return true
		}
	}
	return false
}

// paymentPurpose reports a verb at t that says what an amount just paid
// buys: "pay $620 million to license Inflection's models", "spend $2 billion
// to rent GPUs": "to", an amount before it, and a paying verb before that,
// all in one clause.
func paymentPurpose(si *sentenceInfo, t int) bool {
	low := si.low
	if t < 3 || low[t-1] != "to" {
		return false
	}
	money := -1
	for k := t - 2; k >= 0 && k >= t-7; k-- {
		if low[k] == "," || low[k] == ";" || low[k] == "." {
			return false
		}
		if currencySign(low[k]) || scaleWord(low[k]) {
			money = k
		}
		if money >= 0 && k < money {
			switch low[k] {
			case "pay", "pays", "paid", "paying", "spend", "spends", "spent", "spending", "commit", "commits", "committed":
				return true
			}
		}
	}
	return false
}

// oneOfThe reports a plural deal noun that names one deal: "signed one of
// the largest cloud contracts in history with Oracle".
func oneOfThe(low []string, t int) bool {
	for k := t - 1; k >= 2 && k >= t-6; k-- {
		if low[k] == "the" && low[k-1] == "of" && low[k-2] == "one" {
			return true
		}
		if low[k] == "," || low[k] == "." {
			return false
		}
	}
	return false
}

// fundsWork reports "fund(ed) the development/research/construction of":
// money for a piece of work, not equity in a company.
func fundsWork(low []string, t int) bool {
	switch low[t] {
	case "fund", "funds", "funded", "funding", "finance", "finances", "financed", "financing":
	default:
		return false
	}
	if t+3 >= len(low) || low[t+1] != "the" || low[t+3] != "of" {
		return false
	}
	switch low[t+2] {
	case "development", "research", "construction", "creation", "design", "building", "deployment", "work":
		return true
	}
	return false
}

// gapped reads a second party whose verb is left out: "Nvidia will invest
// up to $10 billion in Anthropic and Microsoft up to $5 billion".
func gapped(si *sentenceInfo, f frame, t int) (frame, bool) {
	if f.money == nil || f.from == nil || f.to == nil || f.from.wi > t || !(f.kind == schemas.KindInvestment || f.kind == schemas.KindCompute || f.kind == schemas.KindCloudServices) {
		return frame{}, false
	}
	low := si.low
	_, hi := clauseBounds(low, t)
	start := wordIndexAt(si.ws, f.money.End)
	for k := start; k+1 < hi; k++ {
		if low[k] != "and" {
			continue
		}
		var m *mention
		for i := range si.ments {
			if si.ments[i].wi == k+1 && !si.ments[i].implicit {
				m = &si.ments[i]
			}
		}
		if m == nil || m.org == f.to.org || m.org == f.from.org {
			return frame{}, false
		}
		for i := range si.money {
			mo := &si.money[i]
			wi := wordIndexAt(si.ws, mo.Start)
			if wi > m.wj && wi <= m.wj+3 && mo.Value != nil {
				for q := m.wj; q < wi; q++ {
					if triggerWords[low[q]] != trNone {
						return frame{}, false
					}
				}
				g := f
				g.from, g.money = m, mo
				g.extraFrom = nil
				return g, true
			}
		}
		return frame{}, false
	}
	return frame{}, false
}

// workTogether: "work with X to develop ...", "work with X on ...". The
// partners may be a list and may follow a bare description ("is working
// with cloud providers Nebius and Nscale to deploy 14,000 GPUs"); any verb
// may open the purpose ("to deploy", "to deliver a jointly run cloud").
func workTogether(si *sentenceInfo, t int) bool {
	low := si.low
	var first *mention
	for i := range si.ments {
		m := &si.ments[i]
		if m.implicit || m.wi < t+2 || m.wi > t+5 {
			continue
		}
		bare := true
		for k := t + 2; k < m.wi; k++ { // "cloud providers", "chip startup"
			if !isLowerWord(si.ws[k].Text) || preps[low[k]] || determiners[low[k]] {
				bare = false
			}
		}
		if bare && (first == nil || m.wi < first.wi) {
			first = m
		}
	}
	if first == nil {
		return false
	}
	k := first.wj
	if more := coordinatedAfter(si, mentionPtrs(si), first); len(more) > 0 {
		k = more[len(more)-1].wj
	}
	if k < len(low) && low[k] == "on" {
		return true
	}
	return k+1 < len(low) && low[k] == "to" && isLowerWord(si.ws[k+1].Text) && !determiners[low[k+1]]
}

// accessFrame reads "X will get access to Y's GPUs" and "Y will give X
// access to its data centres": X buys compute or cloud from Y.
func (x *Extractor) accessFrame(si *sentenceInfo, t int) (frame, bool) {
	low := si.low
	lo, hi := clauseBounds(low, t)
	ms := mentionsIn(si.ments, lo, hi)
	if !hasPrefixAny(low, t+2, min(hi, t+9), append([]string{"cloud", "capacity", "data", "infrastructure", "servers", "comput"}, strongComputeCues...)...) {
		return frame{}, false
	}
	var buyer, seller *mention
	switch {
	case hasAny(low, t-4, t, "get", "gets", "got", "gain", "gains", "gained", "receive", "receives", "received", "secure", "secures", "secured"):
		buyer = subjectBefore(si, ms, lo, t-1)
		if buyer == nil {
			return frame{}, false
		}
		seller = objectAfter(si, ms, t, min(hi, t+9), buyer.org)
	case hasAny(low, t-5, t, "give", "gives", "gave", "giving", "grant", "grants", "granted", "provide", "provides", "offer", "offers"):
		// the buyer sits between the verb and "access"
		for _, m := range ms {
			if m.wi < t && m.wi >= t-4 && !m.brand {
				buyer = m
			}
		}
		if buyer == nil {
			return frame{}, false
		}
		seller = subjectBefore(si, ms, lo, buyer.wi)
		if seller == nil {
			seller = participleSubject(si, t-2)
		}
	}
	if buyer != nil && seller == nil {
		seller = makerOfAccessed(si, t, hi, buyer.org) // "gives Anthropic access to a gigawatt of Google TPU capacity"
	}
	if buyer == nil || seller == nil || buyer.org == seller.org || seller.brand {
		return frame{}, false
	}
	f := frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, from: buyer, to: seller, directed: true, score: 1.2}
	f.money = amountNear(si, t, lo, hi)
	f.capacity = capacityNear(si, t, t, min(hi, t+12))
	f.kind = commitmentKind(si, max(lo, t-3), min(hi, t+12), seller)
	return f, true
}

// customerFrame reads "X became a customer of Y".
func (x *Extractor) customerFrame(si *sentenceInfo, t int) (frame, bool) {
	lo, hi := clauseBounds(si.low, t)
	ms := mentionsIn(si.ments, lo, hi)
	from := subjectBefore(si, ms, lo, t)
	if from == nil {
		return frame{}, false
	}
	to := objectAfter(si, ms, t, min(hi, t+4), from.org, "of", "for")
	if to == nil {
		return frame{}, false
	}
	f := frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, from: from, to: to, directed: true, score: 1.3}
	f.money = amountNear(si, t, lo, hi)
	f.kind = commitmentKind(si, max(lo, t-6), min(hi, t+12), to)
	return f, true
}

// distributionFilter turns most words away before distributionVerbs is
// asked: modelDistribution looks at every word.
var distributionFilter = newWordFilter(distributionVerbs)

// modelDistribution reads "Microsoft will offer xAI's Grok models on Azure",
// "AWS will host Anthropic's models": a distribution partnership, no payment stated.
func (x *Extractor) modelDistribution(si *sentenceInfo, t int) (frame, bool) {
	low := si.low
	if !distributionFilter.mayHold(low[t]) || !distributionVerbs[low[t]] {
		return frame{}, false
	}
	lo, hi := clauseBounds(low, t)
	ms := mentionsIn(si.ments, lo, hi)
	var owner *mention
	for _, m := range ms {
		if m.wi > t && m.wi <= t+3 && m.poss && !m.implicit {
			owner = m
			break
		}
	}
	if owner == nil || !hasPrefixAny(low, owner.wj+1, min(hi, owner.wj+5), "model", "chatbot", "assistant") {
		return frame{}, false
	}
	subj := subjectBefore(si, ms, lo, t)
	if subj == nil || subj.org == owner.org || amountNear(si, t, lo, hi) != nil {
		return frame{}, false
	}
	return frame{typ: schemas.TypePartnership, action: schemas.ActionFormed, partners: []*mention{subj, owner}, score: 1.2}, true
}

// frameState carries what rules need across the sentences of one article.
type frameState struct {
	lastInvestee     *mention
	lastInvesteeSent int
	lastRaiser       *mention // the company last said to raise a round ("xAI has raised $20 billion")
	lastRaiserSent   int
	raised           map[*Org][]float64 // the amounts each company is said to raise
	lastMaker        *mention           // the last hardware maker named with its hardware ("50,000 Nvidia GPUs")
	lastMakerSent    int
	lastVentureSent  int  // the last sentence naming a joint venture
	ventureSeen      bool // whether one did
}

// framesFor finds the candidate events of one sentence: each trigger word
// (wordTrigger, phraseTrigger) read by its class's frame, then the readers
// of whole-sentence shapes (round investors, awards, lists, joint vehicles).
func (x *Extractor) framesFor(si *sentenceInfo, idx int, prev *sentenceInfo, st *frameState) []frame {
	var out []frame
	low := si.low
	si.commitTriggers = si.commitTriggers[:0]
	for t, w := range low {
		if insideName(si, t) {
			continue
		}
		switch cls, _ := triggerOf(w); cls {
		case trInvest, trRaise, trBack, trBuyer, trSeller, trDeal:
			if w == "signed" || w == "signs" || w == "sign" || w == "inked" || securedDeal(low, t) || compoundDeal(low, t) {
				continue // "signed a $2 billion commitment", "secured a $5.5 billion lease": the noun owns the amount
			}
			if isNoun(w) && isDefiniteRef(low, t) {
				continue // "The contract, worth $11.9 billion, will see CoreWeave supply OpenAI"
			}
			if contractedAdjective(si, t) {
				continue // "a deal with X, representing $3.7 billion in contracted revenue": the deal owns the amount
			}
			si.commitTriggers = append(si.commitTriggers, t)
		case trPartner:
			if jointNoun[w] && amountedNoun(si, t) {
				si.commitTriggers = append(si.commitTriggers, t) // "a $38 billion partnership with Amazon" owns its amount
			}
		}
	}
	for t := 0; t < len(low); t++ {
		cls, ok, skip := wordTrigger(si, t)
		if skip {
			continue
		}
		if f, ok2 := x.modelDistribution(si, t); ok2 {
			f.sent, f.trig = idx, t
			out = append(out, f)
			continue
		}
		if !ok && low[t] == "access" && t+1 < len(low) && low[t+1] == "to" {
			if f, ok2 := x.accessFrame(si, t); ok2 {
				f.sent, f.trig = idx, t
				out = append(out, f)
			}
			continue
		}
		if !ok && (low[t] == "customer" || low[t] == "customers") && t > 1 && hasAny(low, t-6, t, "becomes", "became", "become", "signed", "signs", "join", "joins", "joined", "named") && t+2 < len(low) && (low[t+1] == "of" || low[t+1] == "for") {
			// "Meta became a customer of CoreWeave": the subject buys from the object
			if f, ok2 := x.customerFrame(si, t); ok2 {
				f.sent, f.trig = idx, t
				out = append(out, f)
			}
			continue
		}
		if !ok && (low[t] == "included" || low[t] == "include" || low[t] == "includes" || low[t] == "were") && hasAny(low, t-5, t, "investors", "backers", "participants") && !holdersListed(si) {
			if fs := x.investorList(si, st, t); len(fs) > 0 {
				for k := range fs {
					fs[k].sent, fs[k].trig = idx, t
				}
				out = append(out, fs...)
			}
			continue
		}
		if cls, ok = phraseTrigger(si, t, cls, ok); !ok {
			continue
		}
		switch cls {
		case trInvest, trRaise, trBack, trBuyer, trSeller, trDeal, trUse, trRevShare, trJoin, trHire:
			if paymentPurpose(si, t) {
				continue // "will pay $620 million to license X's models": what the payment buys
			}
			if companyBought(si, t) {
				continue // "bought startup Zilla Security for $165 million": an acquisition (takeoverInvestments)
			}
			if f, ok := x.commitmentFrame(si, prev, st, cls, t); ok {
				f.sent, f.trig = idx, t
				fi := len(out)
				out = append(out, f)
				for _, m := range f.extraFrom {
					g := f
					g.from, g.extraFrom = m, nil
					out = append(out, g)
				}
				for _, m := range f.participants {
					g := f
					g.from, g.extraFrom, g.participants, g.money = m, nil, nil, nil
					out = append(out, g)
				}
				out[fi].extraFrom = nil
				out = append(out, dealsWithEach(si, &out[fi], t)...)
				if f.kind == schemas.KindInvestment {
					st.lastInvestee, st.lastInvesteeSent = f.to, idx
				}
				if g, ok := gapped(si, f, t); ok {
					out = append(out, g)
				}
			}
			if cls == trDeal && restructuredDeal(low, t) {
				// "X and Y have restructured the distribution agreement": the relationship changed
				if f, ok := x.partnershipFrame(si, trTerms, t); ok {
					f.sent, f.trig = idx, t
					out = append(out, f)
				}
			}
		case trPartner, trRelation, trTerms:
			if f, ok := x.partnershipFrame(si, cls, t); ok {
				f.sent, f.trig = idx, t
				if f.hub != nil {
					for _, p := range f.partners {
						if p.org != f.hub.org {
							g := f
							g.partners, g.hub = []*mention{p, f.hub}, nil
							out = append(out, g)
						}
					}
					continue
				}
				if sep := separatePartnerships(si, f, t); len(sep) > 0 && len(sep[0].partners) == 2 && len(f.partners) > 2 {
					out = append(out, sep...) // "A and B announced partnerships with C": pairwise only
				} else {
					out = append(out, f)
					out = append(out, sep...) // "partnerships with Microsoft and with Nvidia"
				}
			}
		case trExclusive:
			if notExclusiveRight(low, t) {
				continue
			}
			if f, ok := x.exclusivityFrame(si, t); ok {
				f.sent, f.trig = idx, t
				out = append(out, f)
			}
		}
	}
	// "Cursor raised $900 million. Thrive Capital led the round, with Accel also participating."
	out = append(out, roundInvestors(si, st, idx, out)...)
	// "... raised $1.5 billion from three investors. BlackRock contributed $600 million, ..."
	out = append(out, statedShares(si, st, idx, out)...)
	// "backed by A, and B, C as leading investors in the round", "D and E also participated"
	out = append(out, roundListInvestors(si, st, idx, out)...)
	out = definiteRound(si, st, idx, out)                 // "other investors in the funding round include A": the raiser's round
	out = append(out, compoundLeadRound(si, idx, out)...) // "Axelera AI's $250M BlackRock-backed round"
	out = takeoverInvestments(si, idx, out)               // "agreed to acquire X for $2 billion": the acquirer invests
	// "awarded contracts worth up to $200 million each to Anthropic, Google, OpenAI and xAI"
	out = append(out, eachRecipient(si, idx, out)...)
	out = awardedToList(si, idx, out)                     // "contracts were awarded to A, B, C and D": each, with no share of the total
	out = directAward(si, idx, out)                       // "The NSA has awarded Amazon a cloud contract"
	out = append(out, passiveAward(si, idx, out)...)      // "A and B have been awarded contracts by the Pentagon"
	out = append(out, listedAwardees(si, idx, out)...)    // "The Pentagon said A, B, C and D received a contract"
	out = append(out, foundryOrder(si, idx, out)...)      // "Intel will make custom chips for Microsoft"
	out = append(out, partnerList(si, idx, out)...)       // "X has recruited its first partners, including A, B and C"
	out = append(out, jointVehicle(si, idx, out)...)      // "A and B are launching a $3 billion platform"
	out = append(out, ventureShares(si, st, idx, out)...) // "A will own 60% of the joint venture, B 40%"
	out = append(out, remainsPartner(si, idx)...)         // "X remains Y's largest cloud partner"
	out = append(out, partnerByRole(si, idx)...)          // "X named Y a preferred compute partner"
	out = append(out, addedToSuppliers(si, idx)...)       // "X has added Google Cloud to its list of cloud providers"
	if !hasCommitment(out) {
		out = append(out, cloudAdoption(si, idx)...) // "X will migrate its workloads to Google Cloud"
	}
	if !hasCommitment(out) {
		out = append(out, workforceRollout(si, idx)...) // "KPMG deployed Claude to 276,000 employees"
	}
	if !hasCommitment(out) {
		out = append(out, modelAccessDeal(si, idx)...) // "X signed contracts with A and B to deploy its models"
	}
	// "X will pay Y ... under a strategic partnership the two companies formed on Tuesday"
	out = append(out, partnershipOfDeal(si, idx, out)...)
	out = append(out, accessToCompute(si, idx, out)...) // "expanded its partnership with Google Cloud, securing access to TPUs"
	out = endedChannelDeal(si, idx, out)                // "terminated its distribution agreement with Y"
	// "Y will be the exclusive provider ..., and we are extending our partnership"
	out = append(out, possessedPartnership(si, idx, out)...)
	out = coordinatedSellers(si, out)              // "Samsung and SK Hynix agreed to supply memory to OpenAI"
	out = coordinatedRecipients(si, out)           // "supply its GPUs to Samsung, SK Group and Naver"
	out = coordinatedBuyers(si, out)               // "ByteDance, Alibaba and Tencent have placed orders for Nvidia's chips"
	out = coordinatedChipBuyers(si, prev, st, out) // "A, B and C will each install 50,000 of Nvidia's GPUs"
	out = jointSelling(si, out)                    // "the two companies will sell jointly": co-selling, no sale
	out = vagueCounterparty(si, out)               // "rent capacity to AI developers that want to avoid Nvidia's queues"
	out = rentedFromMaker(si, out)                 // "will rent 30,000 Nvidia chips": not from Nvidia
	out = oneOfSeveralInvestors(si, out)           // "raised $215m from investors including Microsoft"
	out = fundToFund(out)                          // "CPP Investments committed $1.75 billion to EQT's AI strategy"
	out = respectiveAmounts(si, out)               // "A and B are investing $100 million and $90 million, respectively"
	out = debtIsNoStake(si, out)                   // "closed a $500 million debt facility led by Macquarie"
	out = resultOfStake(si, out)                   // "posted a $2.4 billion gain on its investment in OpenAI"
	leadsOwnAmount(si, out)                        // "ASML led the round by investing 1.3 billion euros"
	financiersInvest(si, out)                      // "Blackstone will put $3 billion into data centers with Humain"
	return paidDistribution(si, out)               // "won a $300 million contract to host Y's models": a contract only
}

// triggerFilter turns most words away before triggerWords is asked.
var triggerFilter = newWordFilter(triggerWords)

// triggerOf is triggerWords[w] for the words of every sentence: the map is
// asked only for a word triggerFilter lets through.
func triggerOf(w string) (trClass, bool) {
	if !triggerFilter.mayHold(w) {
		return trNone, false
	}
	cls, ok := triggerWords[w]
	return cls, ok
}

// wordTrigger returns the trigger class of word t of a sentence: the
// lexicon's class, or a phrase that stands for one ("parted ways", "its
// sole cloud provider", "agreed to acquire 50,000 AMD chips", "a right of
// first refusal", "letters of intent"). skip reports a word that triggers
// nothing here though the lexicon lists it ("Best Buy", "took part" without
// a round, "secured a $14 billion deal", a grant that funds work).
func wordTrigger(si *sentenceInfo, t int) (cls trClass, ok, skip bool) {
	low := si.low
	cls, ok = triggerOf(low[t])
	if ok && (insideName(si, t) || adjectivalParticiple(low, t)) {
		return cls, ok, true // "Best Buy": a word of a name; "the paid versions": an adjective, not a verb
	}
	if t+1 < len(low) && low[t+1] == "ways" && (low[t] == "parted" || low[t] == "part" || low[t] == "parts" || low[t] == "parting") {
		cls, ok = trPartner, true // "X parted ways with Y": the relationship ended
	}
	if cls == trJoin && low[t] == "part" && !(t > 0 && (low[t-1] == "took" || low[t-1] == "take" || low[t-1] == "taking" || low[t-1] == "takes")) {
		return cls, ok, true
	}
	if securedDeal(low, t) || compoundDeal(low, t) {
		return cls, ok, true // "secured a $14 billion deal with Meta", "a power purchase agreement with AWS": the deal noun reads it
	}
	if cls == trBuyer && receivedOrder(low, t) {
		cls = trDeal // "Samsung received an order from Tesla": the one who orders buys, not the subject
	}
	if cls == trInvest && figurativeSink(low, t) {
		return cls, ok, true // "sent stocks plunging", "shares plunged 11%": no money put into anything
	}
	if cls == trInvest && fundsWork(low, t) {
		return cls, ok, true // "a programme that funded the development of X's rocket": a grant for work, no stake
	}
	if !ok && (low[t] == "jointly" && !jointlyFunded(low, t) || strings.HasPrefix(low[t], "co-develop") || strings.HasPrefix(low[t], "codevelop")) {
		cls, ok = trPartner, true
	}
	if !ok && (low[t] == "sole" || low[t] == "only" && t > 0 && (low[t-1] == "the" || low[t-1] == "its" || low[t-1] == "their")) && t+1 < len(low) &&
		hasAny(low, t+1, min(len(low), t+3), "provider", "supplier", "partner", "reseller", "distributor", "chatbot", "vendor", "assistant") {
		cls, ok = trExclusive, true // "its sole cloud provider", "the only cloud provider"
	}
	if !ok && acquiresHardware(low, t) {
		cls, ok = trBuyer, true // "agreed to acquire 50,000 AMD chips": a purchase, not a takeover
	}
	if !ok && low[t] == "right" && hasSeq(low, t, t+4, "right", "of", "first", "refusal") {
		cls, ok = trExclusive, true // a right of first refusal is a (weaker) exclusive right
	}
	if !ok && jointPlans(si, t) {
		cls, ok = trPartner, true // "A, B and C have unveiled plans for a campus"
	}
	if !ok && low[t] == "partners" && t+1 < len(low) && low[t+1] == "with" {
		cls, ok = trPartner, true
	}
	if !ok && (low[t] == "strategic" && t+1 < len(low) && (low[t+1] == "agreement" || low[t+1] == "agreements" || low[t+1] == "deal" || low[t+1] == "pact") ||
		low[t] == "intent" && t >= 2 && low[t-1] == "of" && (low[t-2] == "letter" || low[t-2] == "letters")) {
		cls, ok = trPartner, true // "signed a strategic agreement with X", "signed letters of intent to supply X"
	}
	return cls, ok, false
}

// jointlyFunded reports "jointly" at t before a verb of funding: "A and B
// jointly participated in X's Series A1 round", "the investment was jointly
// led by A, B and C". Co-investors in a round each make an investment
// (LABELING.md); they form no partnership with each other. "Lead" funds
// only in a sentence about money ("will jointly lead the project" is a
// partnership).
func jointlyFunded(low []string, t int) bool {
	if t+1 >= len(low) {
		return false
	}
	switch low[t+1] {
	case "led", "lead", "leads", "leading":
		return hasAny(low, 0, len(low), "round", "investment", "funding", "financing")
	}
	return roundVerbs[low[t+1]]
}

// roundVerbs tell a part in a funding round.
var roundVerbs = map[string]bool{
	"participated": true, "participate": true, "participates": true, "participating": true,
	"backed": true, "back": true, "backs": true, "funded": true, "fund": true, "funds": true,
	"invested": true, "invest": true, "invests": true, "investing": true, "financed": true, "finance": true, "finances": true,
}

// figurativeSink reports a sink verb (lexicon.yaml) at t without an amount
// just after it and "into" after that: "plunged €15 million into the
// company" and "has sunk more than US$120 million … into D-Wave" invest,
// "shares plunged 11%" tells a fall.
func figurativeSink(low []string, t int) bool {
	if !sinkVerbs[low[t]] {
		return false
	}
	for k := t + 1; k < len(low) && k <= t+4; k++ {
		if strings.ContainsAny(low[k], "$€£¥") {
			return !hasAny(low, k+1, k+12, "into")
		}
	}
	return true
}

// phraseTrigger adds the multi-word partnership and revenue-share triggers
// to the class wordTrigger found for word t ("will work with Nvidia to
// design", "X will partner with Y", "revenue share", "20% of OpenAI's
// revenue", "team up", "joint venture", "work together"). ok false: no
// trigger at t.
func phraseTrigger(si *sentenceInfo, t int, cls trClass, ok bool) (trClass, bool) {
	low := si.low
	if !ok && (low[t] == "work" || low[t] == "works" || low[t] == "working" || low[t] == "worked") && t+2 < len(low) && low[t+1] == "with" && workTogether(si, t) {
		cls, ok = trPartner, true // "will work with Nvidia to design future chips"
	}
	if verbalPartnering(low, t) {
		cls, ok = trPartner, true // "X will partner with Y", "X joins forces with Y"
	}
	if !ok {
		// "revenue share", "share of revenue"
		if low[t] == "revenue" && t+1 < len(low) && (low[t+1] == "share" || low[t+1] == "sharing" || low[t+1] == "-" && t+2 < len(low) && (low[t+2] == "sharing" || low[t+2] == "share")) {
			cls = trRevShare
		} else if percentOfRevenue(low, t) {
			cls = trRevShare // "receive 20% of OpenAI's revenue"
		} else if low[t] == "share" && hasSeq(low, t, t+4, "share", "of", "the", "revenue") || hasSeq(low, t, t+3, "share", "of", "revenue") || hasSeq(low, t, t+3, "share", "of", "sales") ||
			(low[t] == "sharing" || low[t] == "share" || low[t] == "shares") && t+1 < len(low) && (low[t+1] == "revenue" || low[t+1] == "revenues" || low[t+1] == "profits") {
			cls = trRevShare
		} else if (low[t] == "team" || low[t] == "teamed" || low[t] == "teaming" || low[t] == "teams") && t+1 < len(low) && low[t+1] == "up" ||
			low[t] == "joint" && t+1 < len(low) && (low[t+1] == "development" || low[t+1] == "venture") ||
			(low[t] == "work" || low[t] == "working") && t+1 < len(low) && low[t+1] == "together" {
			cls = trPartner
		} else {
			return cls, false
		}
	}
	return cls, true
}

// participatesIn reports an investor named at word k after "participation
// from" or "participation of" ("with participation from the Qatar
// Investment Authority"): one of the round's investors, whose own part of
// its total the sentence does not tell (r3718, r2901).
func participatesIn(low []string, k int) bool {
	if k > 0 && low[k-1] == "the" {
		k--
	}
	return k > 1 && (low[k-1] == "from" || low[k-1] == "of") && low[k-2] == "participation"
}

// takeoverVerbs buy a whole company when their object is one.
var takeoverVerbs = map[string]bool{
	"acquired": true, "acquires": true, "acquire": true, "acquiring": true, "bought": true, "buys": true, "buy": true,
	"buying": true, "purchased": true, "purchases": true, "purchase": true,
}

// companyBought reports a takeover verb at t whose object is an organisation,
// after at most a short description ("acquired Israeli AI chip developer
// Habana Labs for $2 billion", "bought startup Zilla Security"): an
// acquisition, no purchase of compute or services; takeoverInvestments
// reads it. Buying a company's products ("buy 50,000 Nvidia GPUs", "buy
// Nvidia's chips") is not one.
func companyBought(si *sentenceInfo, t int) bool {
	if !takeoverVerbs[si.low[t]] {
		return false
	}
	m := mentionAfterDescriptor(si, mentionPtrs(si), t+1, min(len(si.low), t+7))
	if m == nil || m.brand || m.implicit || m.poss {
		return false
	}
	j := m.wj
	return j >= len(si.low) || si.low[j] == "for" || si.low[j] == "," || si.low[j] == "." || si.low[j] == "in" || si.low[j] == "last" || si.low[j] == "and"
}

// isDefiniteRef reports whether the noun at t is a reference back to a deal
// already described ("the agreement", "under the deal", "the AWS commitment").
func isDefiniteRef(low []string, t int) bool {
	switch low[t] {
	case "contracts", "deals", "agreements", "pacts":
		if oneOfThe(low, t) {
			return false // "signed one of the largest cloud contracts": a deal of its own
		}
	}
	for k := t - 1; k >= 0 && k >= t-3; k-- {
		switch low[k] {
		case "the", "this", "that", "these", "those":
			return true
		case "a", "an", "its", "their", "new", "'s":
			return false
		}
	}
	return false
}

// dealsWithEach returns one deal more for each organisation listed after
// the counterparty of a plural deal noun ("signed licensing deals with Condé
// Nast and Hearst", r4072; "signed computing agreements with Nvidia, AMD and
// Oracle worth an estimated $1 trillion", r4075): a deal with each, and an
// amount told for all of them is none's own (LABELING.md), so f loses it
// too. Plural deals are read only when the words before them name what is
// bought (boughtNamed), so "signed 7-year agreements with Google Cloud and
// Oracle" (r3976) and "signed deals with the Guardian and Schibsted" (r3597)
// are still not read.
func dealsWithEach(si *sentenceInfo, f *frame, t int) []frame {
	w := si.low[t]
	if f.typ != schemas.TypeCommitment || !pluralDealNoun(w) {
		return nil
	}
	counter, subjFrom := f.to, true
	if f.to.wi < t {
		counter, subjFrom = f.from, false
	}
	if counter.wi < t || counter.wi > 0 && si.low[counter.wi-1] != "with" {
		return nil
	}
	var out []frame
	for _, m := range coordinatedAfter(si, mentionPtrs(si), counter) {
		g := *f
		if subjFrom {
			g.to = m
		} else {
			g.from = m
		}
		g.alts = nil
		out = append(out, g)
	}
	if len(out) > 0 && !hasAny(si.low, t, len(si.low), "each") {
		f.money = nil
		for i := range out {
			out[i].money = nil
		}
	}
	return out
}

// pluralDealNoun reports a plural deal noun: "agreements", "deals",
// "contracts".
func pluralDealNoun(w string) bool {
	return w == "agreements" || w == "deals" || w == "contracts"
}

func isNoun(w string) bool {
	switch w {
	case "investment", "investments", "stake", "stakes", "funding", "financing", "round", "spending", "commitment", "commitments",
		"purchase", "purchases", "contract", "contracts", "deal", "deals", "agreement", "agreements", "pact", "usage", "order", "orders":
		return true
	}
	return false
}

func (x *Extractor) commitmentFrame(si *sentenceInfo, prev *sentenceInfo, st *frameState, cls trClass, t int) (frame, bool) {
	low := si.low
	lo, hi := clauseBounds(low, t)
	hi = parentheticalEnd(low, lo, t, hi) // "Nvidia, which supplies the chips, invested ...": the relative clause ends at its comma
	ms := mentionsIn(si.ments, lo, hi)
	w := low[t]
	defer noteMaker(si, st)
	if investor, investee := roundLedBy(si, ms, st, t, hi); investor != nil {
		// "The round was led by General Atlantic": the lead invests in the company that raised
		return frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment, from: investor, to: investee,
			extraFrom: roundCoInvestors(si, mentionPtrs(si), investor, investee), directed: true, score: 1.5}, true
	}
	if leads, investee := passiveRoundLead(si, st, t); len(leads) > 0 {
		// "The Series F round in Anthropic, ..., was led by Iconiq and Fidelity"
		return frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment, from: leads[0], to: investee, extraFrom: leads[1:], directed: true, score: 1.5}, true
	}
	// Gates against words that do not announce a commitment here.
	if firstRight(low, lo, hi) {
		return frame{}, false // "keeps a right of first refusal on new capacity": an option to sell, nothing bought (r3015, r3366, r3375)
	}
	switch cls {
	case trDeal, trBuyer, trInvest, trRaise:
		if isNoun(w) && isDefiniteRef(low, t) {
			return frame{}, false
		}
		if t > 0 && (low[t-1] == "under" || low[t-1] == "of" && cls == trDeal) {
			return frame{}, false
		}
	}
	if (w == "sign" || w == "signs") && !(t > 0 && (low[t-1] == "to" || low[t-1] == "will" || low[t-1] == "would" || low[t-1] == "and" || low[t-1] == "not" || low[t-1] == "did")) &&
		!(t+1 < len(low) && (low[t+1] == "a" || low[t+1] == "an" || low[t+1] == "the" || low[t+1] == "deal" || low[t+1] == "agreement" || low[t+1] == "contract")) {
		return frame{}, false
	}
	if (w == "fund" && !(t > 0 && (low[t-1] == "to" || low[t-1] == "will" || low[t-1] == "would" || low[t-1] == "help" || low[t-1] == "and"))) ||
		(w == "funds" && !(t > 0 && (low[t-1] == "also" || isCapitalised(si.ws[t-1].Text)))) {
		return frame{}, false // "a $15 billion fund": a noun
	}
	if (w == "deploy" || w == "deploys") && !hasPrefixAny(low, t+1, min(hi, t+8), strongComputeCues...) && !hasAny(low, t+1, min(hi, t+4), "$") {
		caps := false
		for _, c := range si.caps {
			if wi := wordIndexAt(si.ws, c.Start); wi > t && wi < t+6 {
				caps = true
			}
		}
		if !caps && elidedMaker(si, st, t) == nil {
			return frame{}, false // "deploy open models", "deploy Claude": usage, not a purchase
		}
	}
	if cls == trBack && t > 0 && low[t-1] == "-" {
		return frame{}, false // "Amazon-backed Anthropic" describes, it does not announce
	}
	if notACommitment(si, cls, t, lo, hi) {
		return frame{}, false
	}
	if cls == trBuyer && (strings.HasPrefix(w, "rent") || strings.HasPrefix(w, "leas")) && t+1 < len(low) && low[t+1] == "out" {
		cls = trSeller // "CoreWeave rents out GPUs to X": the subject is the lessor
	}
	if cls == trBuyer && (strings.HasPrefix(w, "licen") || strings.HasPrefix(w, "leas") || strings.HasPrefix(w, "rent")) && !isNoun(w) && !licenceNoun(low, t) && objectAfter(si, ms, t, hi, nil, "to") != nil {
		// ("will lease 1.2 gigawatts of capacity to Stargate")
		cls = trSeller // "licensed its models to Microsoft": the subject is the licensor
	}
	if cls == trSeller && moneyRaisedFrom(si, t, hi) {
		cls = trRaise // "X landed $140 million from ByteDance": money raised, not a contract won
	}
	if adverbialAgreement(low, t) {
		return frame{}, false // "the exclusivity had ended by mutual agreement"
	}
	if cls == trUse {
		if !hasAny(low, t-4, t, "increase", "increases", "increasing", "expand", "expands", "expanding", "agreed", "committed", "commit", "plans", "will", "to") ||
			hasAny(low, t-3, t, "begin", "began", "start", "started", "already", "continue", "continues") {
			return frame{}, false
		}
		if w == "use" && t > 0 && low[t-1] == "to" && !hasAny(low, t-4, t, "agreed", "committed", "plans", "plan") {
			return frame{}, false
		}
	}
	if cls == trRaise && !(hasAny(low, t, hi, "from", "led", "funding", "round", "investors", "investment") || hasAny(low, lo, t, "funding", "round")) {
		noteRaise(si, st, ms, lo, t) // "Sakana AI raised ¥20 billion this week": its investors may follow
		return frame{}, false
	}
	if cls == trRaise && !(w == "round" || w == "funding" || w == "financing") && hasAny(low, t+1, min(hi, t+4), "commitment", "contract", "order", "orders", "deal", "agreement", "capacity") {
		return frame{}, false // "secured a commitment from Meta to buy capacity": a sale, not a raise
	}
	if cls == trRaise && !(w == "round" || w == "funding" || w == "financing") && !hasAny(low, t+1, min(hi, t+8), "funding", "financing", "investment", "capital", "equity", "round") &&
		(capacityNear(si, t, t+1, min(hi, t+5)) != nil || hasPrefixAny(low, t+1, min(hi, t+8), strongComputeCues...)) {
		cls = trBuyer // "OpenAI secured 4.5 gigawatts of capacity from Oracle": a purchase
	}
	if cls == trRaise && hasAny(low, t-3, t+3, "its", "their") && hasAny(low, t, t+5, "commitment", "spending", "stake", "forecast", "guidance", "investment", "holding") {
		// "raised its AWS spending commitment", "raised its stake in X": an increase, not a funding round.
		if hasAny(low, t, t+5, "stake", "investment", "holding") {
			cls = trInvest
		} else {
			cls = trBuyer
		}
	}
	if lead := leadVerbBefore(low, max(lo, t-7), t); cls == trRaise && (w == "round" || w == "funding" || w == "financing") && (lead >= 0 || hasAny(low, max(lo, t-7), t, "anchors")) {
		// "Thrive Capital led a $6.6 billion round in OpenAI", "Intel Capital
		// will lead a $100m round for Horizon Robotics": the subject invests
		if lead < 0 {
			lead = max(lo, t-7)
		}
		if from := subjectBefore(si, ms, lo, lead); from != nil { // (before the lead verb: in "Nvidia led Cohere's round" Cohere is no subject)
			to := objectAfter(si, ms, t, hi, from.org, "in", "for", "into")
			if to == nil {
				for _, m := range ms {
					if m.wi > from.wi && m.wi < t && m.poss && m.org != from.org {
						to = m // "led OpenAI's $6.6 billion round"
					}
				}
			}
			if to != nil && to.org != from.org {
				f := frame{typ: schemas.TypeCommitment, kind: schemas.KindInvestment, action: schemas.ActionNew, from: from, to: to, directed: true, score: 1.5, untold: true}
				for _, c := range coordinatedBefore(si, ms, from) {
					if c.org != to.org {
						f.extraFrom = append(f.extraFrom, c) // "A and B are leading the round": co-leads
					}
				}
				for _, c := range roundParticipants(si, mentionPtrs(si), to.wj, len(low)) {
					if c.org != to.org && c.org != from.org && !slices.Contains(f.extraFrom, c) {
						f.participants = append(f.participants, c) // "... with existing backer Monolith Management"
					}
				}
				// no amount: "X led a $6.6 billion round in Y" tells the round's
				// total, not the lead's own share (LABELING.md)
				st.lastInvestee, st.lastInvesteeSent = to, si.idx
				return f, true
			}
		}
	}
	money := amountNear(si, t, lo, hi)
	capa := capacityNear(si, t, max(lo, t-6), min(hi, t+12))
	if (w == "signed" || w == "signs" || w == "sign" || w == "inked") && money == nil && capa == nil && !hasAny(low, t+1, min(hi, t+6), "contract", "deal", "agreement", "pact", "lease", "order", "commitment") {
		return frame{}, false // "signed a memorandum of understanding": no commitment stated
	}
	if cls == trBuyer && (w == "commitments" || w == "buying" && !auxBefore(low, t)) {
		// "data center lease commitments, contributing to an $850 billion total",
		// "shifting from simply buying more Nvidia chips": a total of many, or
		// buying as an activity, not one purchase ("is buying" is one)
		return frame{}, false
	}
	if cls == trDeal && pluralDealNoun(w) && money == nil && capa == nil && !oneOfThe(low, t) && !(t > 0 && leaseWords[low[t-1]]) && !boughtNamed(si, max(lo, t-4), t) {
		return frame{}, false // "has also signed agreements with AMD and Qualcomm": no one deal is stated
		// (but "two colocation agreements with Fluidstack" are one lease deal: r2501, r2703, r3347, r3554)
	}
	cueFrom := t - 5
	if oneOfThe(low, t) {
		cueFrom = t - 9 // "signed one of the largest cloud contracts"
	}
	if d := nounPhraseStart(low, lo, t); d >= 0 && d-4 < cueFrom {
		cueFrom = d - 4 // "signed a 20-year power purchase agreement": the cue stands before the phrase
	}
	if cls == trDeal && isNoun(w) && money == nil && capa == nil && !hasAny(low, max(lo, cueFrom), t, "signed", "signs", "sign", "agreed", "struck", "inked", "announced", "reached", "won", "landed", "booked", "secured", "entered", "awarded", "disclosed", "unveiled", "finalized", "clinched", "multiyear", "multi",
		"terminated", "terminates", "ended", "ends", "cancelled", "canceled", "scrapped", "exited", "expanded", "extended", "renewed", "struck", "strikes") {
		return frame{}, false
	}
	if (cls == trBuyer || cls == trSeller || cls == trUse) && t > 0 && passiveAux[low[t-1]] && !strings.HasSuffix(w, "ing") && agentAfter(si, ms, t, hi) == nil {
		return frame{}, false // "will be leased to Oracle": the object of the passive is not named
	}
	// The trigger class's reader names the parties and the kind (commitreaders.go).
	r := &commitRead{si: si, prev: prev, st: st, ms: ms, lo: lo, hi: hi, t: t, w: w, cls: cls, money: money, capa: capa,
		f: frame{typ: schemas.TypeCommitment, money: money, capacity: capa, directed: true}}
	ok := true
	switch cls {
	case trInvest, trBack:
		ok = readInvestment(r)
	case trRaise:
		ok = readRaise(r)
	case trJoin:
		ok = readJoin(r)
	case trHire:
		ok = readHire(r)
	case trBuyer, trUse:
		ok = x.readPurchase(r)
	case trSeller:
		ok = readSale(r)
	case trDeal:
		ok = x.readDeal(r)
	case trRevShare:
		ok = readRevShare(r)
	}
	if !ok {
		return frame{}, false
	}
	if r.done != nil {
		return *r.done, true
	}
	f := r.f
	money = r.money
	if f.from == nil || f.to == nil || f.from.org == f.to.org {
		return frame{}, false
	}
	if f.kind != schemas.KindInvestment && f.kind != schemas.KindRevenueShare && committedToLab(si, f, t) {
		f.kind = schemas.KindInvestment
	}
	if f.kind == schemas.KindInvestment && spentOnHyperscaler(si, f, lo, hi) {
		f.kind = schemas.KindCloudServices
	}
	orientLease(&f, low, max(lo, t-6), min(hi, t+8))
	orientContent(&f, low, max(lo, t-8), min(hi, t+14))
	contentBought(&f, low, lo, hi)
	f.action = commitmentAction(si, lo, hi, t, money)
	if f.kind == schemas.KindRevenueShare && percentOfRevenue(low, t) {
		f.fraction = true
		if money != nil && wordIndexAt(si.ws, money.Start) < t {
			// "will receive $300 million from xAI, plus 50 percent of the
			// revenue": the money is the other payment's, the share a fraction
			money = nil
		}
	}
	if f.kind == schemas.KindRevenueShare && money == nil {
		f.money = nil
	}
	f.score = 1
	if money != nil {
		f.score += 1
		if money.Value != nil {
			f.score += 0.5
		}
	}
	if capa != nil {
		f.score += 0.5
	}
	if !f.from.implicit {
		f.score += 0.3
	}
	if !f.to.implicit {
		f.score += 0.3
	}
	if f.directed {
		f.score += 0.2
	}
	return f, true
}

var buyVerbs = map[string]bool{"rent": true, "rents": true, "renting": true, "rented": true, "lease": true, "leases": true, "leased": true, "leasing": true, "spend": true, "spends": true, "spending": true, "deploy": true, "deploys": true, "buy": true, "buys": true, "bought": true, "buying": true,
	"purchase": true, "purchases": true, "purchased": true, "order": true, "ordered": true, "orders": true, "procure": true}

// borrowedSubject is the subject of the clause before lo when the clause at
// lo starts with "and" + verb: "X chose Azure and signed a commitment".
func borrowedSubject(si *sentenceInfo, lo int) *mention {
	if m := relativeAntecedent(si, lo); m != nil {
		return m
	}
	if lo == 0 || si.low[lo-1] != "and" {
		return nil
	}
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi < lo-1 && !m.brand && (m.wi == 0 || !preps[si.low[m.wi-1]]) && !inList(si, m) {
			return m
		}
	}
	return nil
}

// relativeAntecedent is the subject of a non-restrictive relative clause:
// "Oracle, which has agreed to deliver 4.5 gigawatts to OpenAI".
func relativeAntecedent(si *sentenceInfo, lo int) *mention {
	if lo < 3 || !(si.low[lo-1] == "which" || si.low[lo-1] == "who") || si.low[lo-2] != "," {
		return nil
	}
	for i := range si.ments {
		m := &si.ments[i]
		if m.wj == lo-2 && !m.brand {
			return m
		}
	}
	return appositiveAntecedent(si, lo-2)
}

// inParenthesis reports a mention inside ", which ... ," or an apposition
// ", the AI company owned by X," that closes before t.
func inParenthesis(low []string, m *mention, t int) bool {
	for k := m.wi - 1; k > 0; k-- {
		if low[k] == "," || low[k] == "." {
			return false
		}
		if (low[k] == "which" || low[k] == "who" || low[k] == "whose" || low[k] == "the" || low[k] == "a" || low[k] == "an" || participleOpener(low, k)) && low[k-1] == "," && k-1 > 0 {
			return hasAny(low, m.wj, t, ",")
		}
		if participleOpener(low, k) && k >= 3 && (low[k-1] == "also" || low[k-1] == "already") && low[k-2] == "," {
			return hasAny(low, m.wj, t, ",") // "The company, also backed by Microsoft and OpenAI, is raising"
		}
	}
	return false
}

// inList reports a mention inside an example list ("tenants such as
// Microsoft, Oracle and OpenAI") or a co-subject ("together with ECP"):
// neither is a party of the clause's deal.
func inList(si *sentenceInfo, m *mention) bool {
	low := si.low
	desc := 0
	for k := m.wi - 1; k >= 0 && k >= m.wi-12; k-- {
		// skip a short description right before the name: "the energy investor ECP"
		if k == m.wi-1-desc && desc < 4 && !preps[low[k]] && low[k] != "and" && low[k] != "," && low[k] != "alongside" && !isCapitalised(si.ws[k].Text) {
			desc++
			continue
		}
		switch low[k] {
		case "as":
			if k > 0 && low[k-1] == "such" {
				return true
			}
			return false
		case "like", "including":
			return !subjectList(si, m) // but "Chinese companies including ByteDance and Tencent have placed orders"
		case "with":
			return k > 0 && (low[k-1] == "together" || low[k-1] == "along")
		case "alongside":
			return true
		case ",", "and", "or", "'s":
			continue
		}
		// skip over other mentions in the list
		inMention := false
		for i := range si.ments {
			if si.ments[i].wi <= k && k < si.ments[i].wj {
				inMention = true
				break
			}
		}
		if !inMention {
			return false
		}
	}
	return false
}

// listVerbs follow a list that is its clause's subject.
var listVerbs = map[string]bool{"have": true, "has": true, "are": true, "were": true, "will": true, "placed": true, "ordered": true}

// subjectList reports a list that is its clause's subject, m one of its
// items: a verb follows its last item ("Chinese companies including
// ByteDance, Alibaba Group and Tencent Holdings have placed orders", r5701;
// "ByteDance, Alibaba Group and Tencent Holdings are among companies that
// have been buying", r4987).
func subjectList(si *sentenceInfo, m *mention) bool {
	low := si.low
	k := m.wj
	for k < len(low) {
		switch {
		case low[k] == "," || low[k] == "and":
			k++
		case mentionAt(si.ments, k) >= 0:
			k = si.ments[mentionAt(si.ments, k)].wj
		default:
			return listVerbs[low[k]]
		}
	}
	return false
}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true}

var passiveAux = map[string]bool{"be": true, "been": true, "being": true, "is": true, "are": true, "was": true, "were": true}

// participleSubject: ", committing $7 billion to the venture" takes the
// sentence's subject.
func participleSubject(si *sentenceInfo, t int) *mention {
	if t == 0 || si.low[t-1] != "," || !strings.HasSuffix(si.low[t], "ing") {
		return nil
	}
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi < t && !m.brand && !m.implicit && (m.wi == 0 || !preps[si.low[m.wi-1]]) {
			return m
		}
	}
	return nil
}

// agentAfter finds "by X" after the trigger: "an investment of $50 billion by Amazon".
// byParticiple reads an invest participle after "by" at t: the subject of
// the main clause, which follows a fronted participle clause ("By investing
// $150 million into Sarvam, HCLTech ...") or opens the sentence before it
// ("ASML entered a partnership with Mistral AI by investing €1.3 billion"),
// and, in the second shape, the organisation it partnered with.
func byParticiple(si *sentenceInfo, t int) (subj, partner *mention) {
	low := si.low
	if t < 1 || low[t-1] != "by" || !strings.HasSuffix(low[t], "ing") {
		return nil, nil
	}
	if t == 1 {
		comma := -1
		for k := t + 1; k < len(low) && k < t+20; k++ {
			if low[k] == "," {
				comma = k
				break
			}
		}
		for i := range si.ments {
			m := &si.ments[i]
			if comma > 0 && m.wi == comma+1 && !m.brand {
				return m, nil
			}
		}
		return nil, nil
	}
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi < t && !m.brand && !m.implicit && !m.poss {
			subj = m // the first organisation named: "Dutch chipmaker ASML said it had entered ..."
			break
		}
	}
	if subj != nil {
		partner = objectAfter(si, mentionPtrs(si), subj.wj, t, subj.org, "with") // "with French startup Mistral AI"
	}
	return subj, partner
}

// leadOfRoundObject reports "by" at by as the agent of a round the active
// verb at t puts money into: in "HCLTech is investing $150 million in a
// funding round led by Bessemer", Bessemer leads the round, it does not
// invest HCLTech's money ("a $2 billion investment led by Nvidia", a noun,
// and "was invested by" keep their agent).
func leadOfRoundObject(low []string, by, t int) bool {
	if by < 2 || !leadVerbs[low[by-1]] || isNoun(low[t]) || t > 0 && (low[t-1] == "was" || low[t-1] == "were" || low[t-1] == "been" || low[t-1] == "be") {
		return false
	}
	for k := t + 1; k < by-1; k++ {
		if low[k] == "round" || low[k] == "funding" || low[k] == "financing" {
			return true
		}
	}
	return false
}

func agentAfter(si *sentenceInfo, ms []*mention, t, hi int) *mention {
	for _, m := range ms {
		if m.wi > t && m.wi < hi && m.wi > 0 && si.low[m.wi-1] == "by" && !m.brand && !otherVerbsAgent(si.low, m.wi-1, t) && !leadOfRoundObject(si.low, m.wi-1, t) {
			return m
		}
	}
	return nil
}

// previousCounterparty resolves "the cluster", "the platform" to the one
// other organisation named in the previous sentence of the paragraph.
func (x *Extractor) previousCounterparty(si *sentenceInfo, prev *sentenceInfo, from *mention, lo, hi int) *mention {
	if prev == nil || prev.Para != si.Para {
		return nil
	}
	if !hasAny(si.low, lo, hi, "cluster", "platform", "campus", "facility", "supercomputer", "infrastructure", "site") {
		return nil
	}
	var found *mention
	for i := range prev.ments {
		m := &prev.ments[i]
		if m.org == from.org || m.brand || m.implicit {
			continue
		}
		if found != nil && found.org != m.org {
			return nil
		}
		found = m
	}
	if found == nil {
		return nil
	}
	return carriedMention(found, lo, len(si.low)) // named in the sentence before
}

// auxBefore reports an auxiliary or aspect verb just before the gerund at
// t, an adverb allowed between them ("is buying", "are also buying", "will
// be buying", "will stop buying"), or talks about it ("in talks about
// buying").
func auxBefore(low []string, t int) bool {
	for k := t - 1; k >= 0 && k >= t-2; k-- {
		switch low[k] {
		case "is", "are", "was", "were", "be", "been", "'s", "’s", "am",
			"stop", "stops", "stopped", "start", "starts", "started", "begin", "begins", "began",
			"continue", "continues", "continued", "keep", "keeps", "kept", "resume", "resumes", "resumed",
			"about", "over": // "in talks with Nvidia about buying": the purchase talked about
			return true
		}
	}
	return false
}
