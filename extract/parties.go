package extract

import (
	"slices"
	"strings"
)

// Party selection and commitment gates for sentences that name several
// organisations: the counterparty of a commitment is the organisation
// attached to its trigger (subject, direct object, object of with/from/to/in),
// not a maker whose hardware is mentioned, an organisation inside an
// apposition about someone else, or one listed as an example.

// investmentModifierHeads are nouns that "investment" merely qualifies: "an
// investment bank", "the AI investment vehicle", "at an investment forum".
var investmentModifierHeads = map[string]bool{
	"bank": true, "banks": true, "banker": true, "bankers": true, "vehicle": true, "vehicles": true, "firm": true,
	"firms": true, "company": true, "companies": true, "arm": true, "fund": true, "funds": true, "forum": true,
	"conference": true, "summit": true, "group": true, "manager": true, "managers": true, "management": true,
	"unit": true, "office": true, "adviser": true, "advisers": true, "advisor": true, "strategy": true,
	"grade": true, "committee": true, "house": true, "trust": true, "platform": true, "corporation": true,
	"authority": true, "agency": true, "officer": true, "chief": true, "banking": true, "portfolio": true,
}

// quantityNouns head a phrase that quantifies what follows "of": "in a
// series of Crusoe campuses" still invests in Crusoe.
var quantityNouns = map[string]bool{
	"series": true, "number": true, "portfolio": true, "pair": true, "handful": true, "string": true,
	"set": true, "couple": true, "group": true, "network": true, "range": true, "slate": true,
}

// timeNouns follow "spent" when effort, not money, is spent: "has spent years
// trying to persuade developers".
var timeNouns = map[string]bool{
	"years": true, "months": true, "weeks": true, "decades": true, "days": true, "time": true, "hours": true,
}

// contractedAdjective reports "contracted" describing a noun ("$3.7 billion
// in contracted revenue"), not a verb: it contracts with, to or for no one.
func contractedAdjective(si *sentenceInfo, t int) bool {
	if si.low[t] != "contracted" {
		return false
	}
	next := ""
	if t+1 < len(si.low) {
		next = si.low[t+1]
	}
	return !(next == "with" || next == "to" || next == "for" || t+1 < len(si.low) && isCapitalised(si.ws[t+1].Text))
}

// notACommitment reports trigger words that, in their clause, do not
// announce a commitment between two organisations.
func notACommitment(si *sentenceInfo, cls trClass, t, lo, hi int) bool {
	low := si.low
	w := low[t]
	next := ""
	if t+1 < len(low) {
		next = low[t+1]
	}
	switch {
	case committedToRelationship(low, t) || spentTime(low, t) || rightToVerb(low, t):
		return true // "remains committed to the relationship", "has spent two years running on X"
	case (w == "investment" || w == "investments") && investmentModifierHeads[next]:
		return true // "an investment vehicle backed by X"
	case spentOnOwn(low, t):
		return true // "Meta has spent heavily on its own data centres": no seller
	case strings.HasPrefix(w, "spen") && (timeNouns[next] || (next == "a" || next == "the") && t+2 < len(low) && (timeNouns[low[t+2]] || low[t+2] == "decade" || low[t+2] == "year" || low[t+2] == "past" || low[t+2] == "last")):
		return true // "has spent years trying to persuade"
	case w == "backed" && next == "by" && !(t > 0 && (low[t-1] == "was" || low[t-1] == "were" || low[t-1] == "been")) && amountNear(si, t, lo, hi) == nil:
		// "MGX, an investment vehicle backed by Mubadala and G42": a description
		// of who owns whom, not an announced investment
		return true
	case (strings.HasPrefix(w, "sell") || w == "sold") && hasAny(low, t+1, min(hi, t+5), "holding", "holdings", "stake", "stakes", "shares", "position"):
		return true // "sold its entire holding in Nvidia": a divestment, not a commitment
	case (strings.HasPrefix(w, "put") || strings.HasPrefix(w, "pump")) && !(amountNear(si, t, lo, hi) != nil && hasAny(low, t+1, min(hi, t+10), "into", "in")):
		return true // "putting $2 billion into xAI" is an investment; "putting pressure on" is not
	case strings.HasPrefix(w, "licen") && (amountNear(si, t, lo, hi) == nil || isNoun(w) || w == "licence" || w == "licences" || t > 0 && determiners[low[t-1]]) && !unpricedLicence(si, t, lo, hi):
		return true // a licence is a commitment as a verb with a stated payment, or bought from a named licensor (licences.go)
	case t >= 2 && (low[t-1] == "not" || low[t-1] == "never") && hasAny(low, t-3, t-1, "did", "does", "do", "has", "have", "had", "never") || t >= 1 && low[t-1] == "never":
		return true // "Microsoft did not invest in the round": nothing was committed
	case contractedAdjective(si, t):
		return true // "contracted with X for", "contracted X to build"; not "contracted revenue"
	case (cls == trSeller || cls == trBuyer) && t >= 3 && (low[t-1] == "could" || low[t-1] == "can" || low[t-1] == "would") && hasAny(low, t-5, t-1, "than"):
		return true // "more data than Scale could provide": a comparison
	case (w == "stake" || w == "stakes") && hasAny(low, t+1, min(hi, t+4), "cut", "reduced", "diluted", "lowered", "fell", "falls", "shrank", "shrinks", "trimmed", "sold", "dropped"):
		return true // "Microsoft's stake was cut to 27%": a change in a holding, not a new investment
	case (w == "stake" || w == "stakes") && hasAny(low, t-4, t, "holds", "hold", "held", "holding", "owns", "own", "owned", "retains", "retain", "keeps", "keep", "kept"):
		return true // "Microsoft holds a stake of roughly 27% in OpenAI": a holding, not a new investment
	case cls == trBuyer && isNoun(w) && hasAny(low, t+1, min(hi, t+8), "between") && hasSeqAny(low, t+1, min(hi, t+10), [][]string{{"between", "them"}, {"between", "the", "two"}, {"between", "both"}}):
		return true // "an initial commitment of ₹855 crore between them": contributions to a joint venture
	}
	return false
}

func hasSeqAny(low []string, lo, hi int, seqs [][]string) bool {
	for _, s := range seqs {
		if hasSeq(low, lo, hi, s...) {
			return true
		}
	}
	return false
}

// groupMention reports an implicit mention that stands for two organisations
// at once ("the two companies", "both"): it cannot be one side of a deal.
func groupMention(si *sentenceInfo, m *mention) bool {
	if !m.implicit {
		return false
	}
	if m.wj == m.wi+1 && si.low[m.wi] == "its" {
		return true // "supply 6 gigawatts of its processors": the possessive names the maker's goods
	}
	for i := range si.ments {
		o := &si.ments[i]
		if o != m && o.wi == m.wi && o.wj == m.wj && o.org != m.org {
			return true
		}
	}
	return false
}

// coordinatedPrepObject reports a mention that continues a list governed by a
// preposition: "buys from Nvidia, AMD and Broadcom" (Broadcom is an object,
// not the subject of what follows).
func coordinatedPrepObject(si *sentenceInfo, m *mention) bool {
	if m.wj < len(si.low) && (clauseAux[si.low[m.wj]] || auxAfterAnd[si.low[m.wj]] || si.low[m.wj] == "can" || si.low[m.wj] == "could" || isVerbTrigger(si.low[m.wj])) {
		return false // "in Anthropic and Nvidia will invest ...", "into OpenAI, and Amazon invested": a new subject
	}
	start := m.wi
	for steps := 0; steps < 8; steps++ {
		k := start - 1
		if k >= 0 && si.low[k] == "and" {
			k--
		}
		if k >= 0 && si.low[k] == "," {
			k--
		}
		if k == start-1 || k < 0 {
			return false
		}
		var prev *mention
		for i := range si.ments {
			c := &si.ments[i]
			if c.wj == k+1 && !c.implicit {
				prev = c
				break
			}
		}
		if prev == nil {
			return false
		}
		if prev.wi > 0 && preps[si.low[prev.wi-1]] && si.low[prev.wi-1] != "by" {
			return true
		}
		start = prev.wi
	}
	return false
}

// absoluteSubject reports "with X agreeing to ...": X, though after "with", is
// the subject of the participle that follows it.
func absoluteSubject(si *sentenceInfo, m *mention) bool {
	if m.wi == 0 || si.low[m.wi-1] != "with" || m.wj >= len(si.low) {
		return false
	}
	v := m.wj
	if w := si.low[v]; (w == "also" || strings.HasSuffix(w, "ly") && len(w) > 4) && v+1 < len(si.low) {
		v++ // "with IREN separately investing $5.8 billion"
	}
	return strings.HasSuffix(si.low[v], "ing") && len(si.low[v]) > 5
}

// listedCounterparty reports a counterparty named inside a list of three or
// more organisations ("buys from Nvidia, AMD and Broadcom"): a description of a
// supplier base, not one deal.
func listedCounterparty(si *sentenceInfo, ms []*mention, m *mention) bool {
	if m == nil || m.implicit {
		return false
	}
	n := 1 + len(coordinatedAfter(si, ms, m)) + len(coordinatedBefore(si, ms, m))
	if n >= 3 {
		return true
	}
	return coordinatedPrepObject(si, m) && n+countBefore(si, m) >= 3
}

func countBefore(si *sentenceInfo, m *mention) int {
	n := 0
	start := m.wi
	for n < 8 {
		k := start - 1
		if k >= 0 && si.low[k] == "and" {
			k--
		}
		if k >= 0 && si.low[k] == "," {
			k--
		}
		if k == start-1 || k < 0 {
			return n
		}
		found := false
		for i := range si.ments {
			c := &si.ments[i]
			if c.wj == k+1 && !c.implicit {
				start, found = c.wi, true
				n++
				break
			}
		}
		if !found {
			return n
		}
	}
	return n
}

// hardwareBrandAfter is the maker named right after a purchase verb before
// its hardware: "will buy AMD processors", "buy 50,000 Nvidia GPUs".
func hardwareBrandAfter(si *sentenceInfo, ms []*mention, t, hi int, not *Org) *mention {
	// the object noun phrase ends at the first preposition other than "of"
	end := min(hi, t+8)
	for k := t + 1; k < end; k++ {
		digitComma := si.low[k] == "," && k+1 < len(si.low) && isDigitStart(si.low[k-1]) && isDigitStart(si.low[k+1])
		if (preps[si.low[k]] && si.low[k] != "of") || si.low[k] == "," && !digitComma || si.low[k] == "and" {
			end = k
			break
		}
	}
	for _, m := range ms {
		if m.wi <= t || m.wi >= end || m.org == not || m.implicit {
			continue
		}
		if m.brand || m.wj < len(si.low) && hasPrefixAny(si.low, m.wj, min(hi, m.wj+3), strongComputeCues...) {
			return m
		}
	}
	return nil
}

// possessiveBuyer is the organisation whose purchase a noun names: "Oracle's
// purchases from Nvidia", "KDDI's order".
func possessiveBuyer(si *sentenceInfo, ms []*mention, t int) *mention {
	for _, m := range ms {
		if m.poss && !m.implicit && m.wj+1 <= t && t-(m.wj+1) <= 3 {
			ok := true
			for k := m.wj + 1; k < t; k++ {
				if preps[si.low[k]] || si.low[k] == "," || si.low[k] == "and" {
					ok = false
				}
			}
			if ok {
				return m
			}
		}
	}
	return nil
}

// appositiveAntecedent is the organisation an apposition describes when a
// relative clause follows it: "ASML Holding, the Dutch maker of chipmaking
// equipment, which invested €1.3 billion".
func appositiveAntecedent(si *sentenceInfo, comma int) *mention {
	if comma > 0 && si.low[comma-1] == ")" {
		// "Mitsubishi UFJ Financial Group (MUFG), which put in ¥5 billion"
		if m := namedMentionEndingAt(si, comma-1); m != nil {
			return m
		}
	}
	for k := comma - 1; k > 0 && k > comma-15; k-- {
		if si.low[k] == "," {
			if k+1 < len(si.low) && determiners[si.low[k+1]] {
				if m := namedMentionEndingAt(si, k); m != nil {
					return m
				}
			}
			return nil
		}
	}
	return nil
}

// nounPhraseEnd is where the object noun phrase after word t ends: at the
// first preposition other than "of", a comma (not inside "18,000") or "and".
func nounPhraseEnd(si *sentenceInfo, t, hi int) int {
	end := min(hi, t+8)
	for k := t + 1; k < end; k++ {
		digitComma := si.low[k] == "," && k+1 < len(si.low) && isDigitStart(si.low[k-1]) && isDigitStart(si.low[k+1])
		if (preps[si.low[k]] && si.low[k] != "of") || si.low[k] == "," && !digitComma || si.low[k] == "and" || si.low[k] == "behind" || si.low[k] == "that" {
			return k
		}
	}
	return end
}

// amongInvestors reads "X was among the investors in Y's round": X invests
// in Y; the round's amount is not X's.
func amongInvestors(si *sentenceInfo, ms []*mention, lo, t int) (from, to *mention) {
	k := -1
	for j := max(lo, 0); j+3 < t; j++ {
		if si.low[j] == "among" && si.low[j+1] == "the" && (si.low[j+2] == "investors" || si.low[j+2] == "backers" || si.low[j+2] == "participants") && si.low[j+3] == "in" {
			k = j
			break
		}
	}
	if k < 0 {
		return nil, nil
	}
	for _, m := range ms {
		if m.wi > k+3 && m.wi < t && !m.brand {
			to = m
			break
		}
	}
	from = subjectBefore(si, ms, lo, k)
	if from == nil || to == nil || from.org == to.org {
		return nil, nil
	}
	return from, to
}

// relativeInAntecedent is what "in which"/"into which" refers to: "Scale AI,
// the data-labelling company in which Meta agreed to buy a stake".
func relativeInAntecedent(si *sentenceInfo, lo int) *mention {
	if lo < 3 || si.low[lo-1] != "which" || !(si.low[lo-2] == "in" || si.low[lo-2] == "into") {
		return nil
	}
	// an apposition before it: "Scale AI, the data-labelling company in which"
	for k := lo - 3; k > 0 && k > lo-10; k-- {
		if si.low[k] == "," {
			if k+1 < len(si.low) && determiners[si.low[k+1]] {
				if m := namedMentionEndingAt(si, k); m != nil {
					return m
				}
			}
			break
		}
	}
	if m := namedMentionEndingAt(si, lo-2); m != nil {
		return m
	}
	return nil
}

// roundLedBy reads "The round was led by X" after an article has named the
// company that raised: X invests in it (the round's total is not X's).
func roundLedBy(si *sentenceInfo, ms []*mention, st *frameState, t, hi int) (from, to *mention) {
	w := si.low[t]
	if w != "round" && w != "funding" && w != "financing" || st.lastInvestee == nil || si.idx-st.lastInvesteeSent > roundReach {
		return nil, nil
	}
	k := t + 1
	if k < len(si.low) && si.low[k] == "," {
		k++ // "The funding round, led by GIC and Coatue, values ..."
	}
	if k < len(si.low) && (si.low[k] == "was" || si.low[k] == "is" || si.low[k] == "has" && k+1 < len(si.low) && si.low[k+1] == "been") {
		k++
		if si.low[k-1] == "has" {
			k++
		}
	}
	if !(k+1 < len(si.low) && (si.low[k] == "led" || si.low[k] == "co-led" || si.low[k] == "anchored") && si.low[k+1] == "by") {
		return nil, nil
	}
	for _, m := range ms {
		if m.wi > k+1 && m.wi < hi && m.wi <= k+7 && !m.brand && !m.implicit && m.org != st.lastInvestee.org {
			return m, carriedMention(st.lastInvestee, t, len(si.low))
		}
	}
	return nil, nil
}

// roundCoInvestors returns the investors a "round was led by" sentence
// names besides its first lead: co-leads ("led by Coatue and Singapore's
// sovereign wealth fund GIC") and participants ("with Sequoia Capital also
// joining").
func roundCoInvestors(si *sentenceInfo, ms []*mention, lead, investee *mention) []*mention {
	var out []*mention
	leads := investorsFrom(si, ms, lead.wi, len(si.low))
	end := lead.wj
	if len(leads) > 0 {
		end = leads[len(leads)-1].wj
	}
	for _, m := range append(leads, roundParticipants(si, ms, end, len(si.low))...) {
		if m.org != lead.org && m.org != investee.org && !slices.ContainsFunc(out, func(o *mention) bool { return o.org == m.org }) {
			out = append(out, m)
		}
	}
	return out
}

// possessorOf widens "Vision Fund" in "SoftBank's Vision Fund" to the
// possessor's mention when both name one organisation: the noun phrase
// starts at the possessor.
func possessorOf(si *sentenceInfo, m *mention) *mention {
	for i := range si.ments {
		p := &si.ments[i]
		if p.org == m.org && p.poss && p.wj+1 == m.wi {
			return p
		}
	}
	return m
}

// channelObject reports an organisation named as the channel or place of a
// sale ("through its platform, Le Chat", "via Azure", "at Oracle's site"),
// not as its buyer.
func channelObject(si *sentenceInfo, m *mention) bool {
	if m.implicit || m.wi > len(si.low) {
		return false
	}
	for k := m.wi - 1; k >= 0 && k >= m.wi-5; k-- {
		switch si.low[k] {
		case "through", "via", "at", "across":
			return true
		case "to", "for", "with", "from", "by":
			return false
		}
	}
	return false
}

// coordinationEnd is where a noun phrase's coordination with another one
// starts (", and further commitments from xAI"): the deal's counterparty
// is named before it.
func coordinationEnd(low []string, t, hi int) int {
	for k := t + 1; k+1 < hi; k++ {
		if low[k] == "," && low[k+1] == "and" {
			return k
		}
	}
	return hi
}

// noteMaker remembers the last hardware maker named with its hardware
// ("will buy 50,000 Nvidia GPUs") for purchases that leave it out.
func noteMaker(si *sentenceInfo, st *frameState) {
	for i := range si.ments {
		m := &si.ments[i]
		if m.brand && !m.implicit && hasPrefixAny(si.low, m.wj, min(len(si.low), m.wj+4), strongComputeCues...) {
			st.lastMaker, st.lastMakerSent = m, si.idx
		}
	}
}

// elidedMaker reads a purchase whose object is a bare quantity of hardware
// named just before: "Samsung will buy 50,000 Nvidia GPUs. Hyundai will buy
// 50,000 for autonomous driving." The maker of that hardware sells.
func elidedMaker(si *sentenceInfo, st *frameState, t int) *mention {
	low := si.low
	if st.lastMaker == nil || si.idx-st.lastMakerSent > 2 || si.idx == st.lastMakerSent || t+1 >= len(low) || !isDigitStart(low[t+1]) {
		return nil
	}
	k := t + 2
	for k+1 < len(low) && low[k] == "," && isDigitStart(low[k+1]) {
		k += 2 // "60,000"
	}
	if k < len(low) && (low[k] == "more" || low[k] == "units") {
		k++
	}
	if k < len(low) && !(low[k] == "for" || low[k] == "to" || low[k] == "," || low[k] == "." || low[k] == "in" || low[k] == "and") {
		return nil
	}
	c := *st.lastMaker
	c.implicit, c.brand, c.poss = true, false, false
	c.wi, c.wj = t, t // word indexes of this sentence, not of the one that named it
	return &c
}

// definiteHardwareBuyer reads "Broadcom will develop and supply the chips"
// after a sentence naming Broadcom with one other organisation: "the chips"
// are the ones that organisation announced, and it buys them.
func definiteHardwareBuyer(si, prev *sentenceInfo, seller *mention, t, hi int) *mention {
	if prev == nil || prev.Para != si.Para {
		return nil
	}
	low := si.low
	k := t + 1
	if k < len(low) && (low[k] == "the" || low[k] == "these" || low[k] == "those") {
		k++
	} else {
		return nil
	}
	if !hasPrefixAny(low, k, min(hi, k+3), strongComputeCues...) {
		return nil
	}
	var found *mention
	sellerNamed := false
	for i := range prev.ments {
		m := &prev.ments[i]
		if m.org == seller.org {
			sellerNamed = true
			continue
		}
		if m.brand || m.implicit {
			continue
		}
		if found != nil && found.org != m.org {
			return nil
		}
		found = m
	}
	if found == nil || !sellerNamed {
		return nil
	}
	c := *found
	c.implicit, c.poss = true, false
	c.wi, c.wj = t, t // word indexes of this sentence, not of the one that named it
	return &c
}

// maskAppositions blanks the appositions that describe an organisation
// (", a British start-up founded two years ago,", "— a company that, two
// years ago, was busy shedding its identity.") so that their time words do
// not make the sentence's deal background. An apposition holding the
// trigger at t stays.
func maskAppositions(si *sentenceInfo, t int) []string {
	var out []string
	for i := range si.ments {
		m := &si.ments[i]
		k := m.wj
		if m.implicit || k+1 >= len(si.low) {
			continue
		}
		end := appositionEnd(si.low, k)
		if end < 0 || (t > k && t < end) || !describesOrg(si.low, k+1, end) {
			continue
		}
		if out == nil {
			out = append([]string(nil), si.low...)
		}
		for j := k + 1; j < end; j++ {
			out[j] = "_" // not "": the phrase sets keep single words under ""
		}
	}
	if out == nil {
		return si.low
	}
	return out
}

// appositionEnd is the index that closes the apposition opened at k, right
// after a name: ", a ...," ends at its comma, a dash's ("– which has ... –",
// "— a company that, ...") at the next dash; either may run to the end of
// the sentence. It is -1 when k opens none.
func appositionEnd(low []string, k int) int {
	dash := dashes[low[k]]
	if !dash && low[k] != "," {
		return -1
	}
	switch low[k+1] {
	case "a", "an":
	case "which", "who", "whose":
	default:
		return -1
	}
	for j := k + 2; j < len(low) && j <= k+24; j++ {
		switch {
		case dash && dashes[low[j]], !dash && low[j] == ",":
			return j
		case low[j] == ";":
			return -1
		case low[j] == "." || low[j] == "!" || low[j] == "?":
			if j == len(low)-1 {
				return j // the description ends the sentence
			}
			return -1
		}
	}
	return -1
}

// dashes open and close an aside: the em and the en dash, each a token of
// its own in words ("--" never is one: words splits it into two hyphens).
var dashes = map[string]bool{"—": true, "–": true}

// describesOrg reports an apposition in low[lo:hi] that tells how an
// organisation began or what it does ("a developer whose models ...",
// "which was founded in 2019").
func describesOrg(low []string, lo, hi int) bool {
	return hasAny(low, lo, hi, "founded", "started", "launched", "established", "created", "formed", "spun") ||
		hasAny(low, lo+1, hi, "whose", "that", "which", "who") || low[lo] == "which" || low[lo] == "who" || low[lo] == "whose"
}

// makerOfAccessed is the maker named in "access to <quantity> of <Maker>
// <hardware> capacity" when no one else offers the access.
func makerOfAccessed(si *sentenceInfo, t, hi int, not *Org) *mention {
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi > t && m.wi < min(hi, t+10) && m.org != not && !m.implicit && (m.brand || hasPrefixAny(si.low, m.wj, min(len(si.low), m.wj+3), strongComputeCues...)) {
			c := *m
			c.brand = false
			return &c
		}
	}
	return nil
}

// parentheticalEnd closes a non-restrictive relative clause (", which
// supplies the chips,") at its comma when the trigger at t is inside it.
func parentheticalEnd(low []string, lo, t, hi int) int {
	if lo < 2 || !(low[lo-1] == "which" || low[lo-1] == "who" || low[lo-1] == "whose") || low[lo-2] != "," {
		return hi
	}
	for k := t + 1; k < hi; k++ {
		if low[k] == "," && !(k > 0 && k+1 < len(low) && isDigitStart(low[k-1]) && isDigitStart(low[k+1])) {
			// "$5 billion, five-year deal": an amount's comma does not close it
			if k > 0 && (low[k-1] == "billion" || low[k-1] == "million") {
				continue
			}
			return k
		}
	}
	return hi
}

// investedInHardware is the maker in "invest $40 billion in Nvidia chips".
func investedInHardware(si *sentenceInfo, ms []*mention, t, hi int, not *Org) *mention {
	for k := t + 1; k < min(hi, t+8); k++ {
		if si.low[k] == "in" || si.low[k] == "into" {
			if m := hardwareBrandAfter(si, ms, k, hi, not); m != nil && m.wi <= k+2 {
				c := *m
				c.brand = false
				return &c
			}
			return nil
		}
	}
	return nil
}

// hardwareBoughtFrom returns the seller of hardware an investment verb at t
// pays for: "investing $5.8 billion in GPUs and equipment from Dell". The
// hardware comes right after "in" (a modifier or two before it), and the
// seller after "from" within the next few words.
func hardwareBoughtFrom(si *sentenceInfo, ms []*mention, t, hi int, not *Org) *mention {
	low := si.low
	for k := t + 1; k < min(hi, t+8); k++ {
		if low[k] != "in" {
			continue
		}
		hw := -1
		for j := k + 1; j < min(hi, k+4); j++ {
			if hardwareNouns[low[j]] {
				hw = j
				break
			}
		}
		if hw < 0 {
			return nil
		}
		for j := hw + 1; j+1 < min(hi, hw+6); j++ {
			if low[j] != "from" {
				continue
			}
			if m := mentionAfterDescriptor(si, ms, j+1, hi); m != nil && m.org != not {
				return m
			}
			return nil
		}
		return nil
	}
	return nil
}

// noteRaise remembers the company that "raised $N" (no round word needed)
// as the investee of investors named in the next sentences.
func noteRaise(si *sentenceInfo, st *frameState, ms []*mention, lo, t int) {
	w := si.low[t]
	if !strings.HasPrefix(w, "rais") || t+1 >= len(si.low) || amountNear(si, t, lo, min(len(si.low), t+4)) == nil {
		return
	}
	if to := subjectBefore(si, ms, lo, t); to != nil {
		st.lastInvestee, st.lastInvesteeSent = to, si.idx
	}
}

// amountAfter is the first stated amount in [from, hi) that is no valuation
// or running total.
func amountAfter(si *sentenceInfo, from, hi int) *Money {
	for i := range si.money {
		m := &si.money[i]
		if wi := wordIndexAt(si.ws, m.Start); wi >= from && wi < hi && m.Value != nil && !isValuation(si, m) && !isRunningTotal(si, m) {
			return m
		}
	}
	return nil
}

// underWhichEnd is the end of the clause "under which ..."/"whereby ..."
// starting at hi (a deal's own clause ends there), or hi when none follows.
func underWhichEnd(low []string, hi int) int {
	if hi >= len(low) || !(low[hi] == "which" && hi > 0 && low[hi-1] == "under" || low[hi] == "whereby") {
		return hi
	}
	_, h2 := clauseBounds(low, hi+1)
	return h2
}

// participleOpener reports a participle that opens a parenthesis about the
// organisation before it: "Anthropic, backed by Amazon and Google, agreed".
func participleOpener(low []string, k int) bool {
	w := low[k]
	return k+1 < len(low) && (low[k+1] == "by" || low[k+1] == "in" || low[k+1] == "on") &&
		(strings.HasSuffix(w, "ed") && len(w) > 4 || irregularParticiples[w])
}

// isUnitPrice: "$23.28 a share", "$4 per GPU-hour" is a price, not the
// amount committed. A payment per year is the deal's yearly value, as "a
// year" is ("paying Reddit $66 million per year for access to its data").
func isUnitPrice(si *sentenceInfo, m *Money) bool {
	post := strings.ToLower(si.Text[m.End:min(len(si.Text), m.End+16)])
	if strings.HasPrefix(post, " per year") || strings.HasPrefix(post, " per annum") {
		return false
	}
	if strings.HasPrefix(post, " in capital") || strings.HasPrefix(post, " in capex") || strings.HasPrefix(post, " of capital spending") {
		return true // "$80 billion in capital spending this year": a budget, not one deal
	}
	if strings.HasPrefix(post, " each") {
		// "$40,000 each", "$23.28 each": the price of one chip or share;
		// but "$50 million each", "$2 billion each": every party's own
		// amount (distributive)
		return !inMillions(m.Text)
	}
	return strings.HasPrefix(post, " a share") || strings.HasPrefix(post, " per ") || strings.HasPrefix(post, " an hour") ||
		strings.HasPrefix(post, " a unit")
}

// inMillions reports an amount written with a scale word of a million or
// more: "$50 million", "€2bn", "¥1.5 trillion", "₹700 crore", "$3B" (a lakh
// is a hundred thousand).
func inMillions(text string) bool {
	l := strings.ToLower(text)
	for _, w := range []string{"illion", "bn", "mn", "bln", "mln", "tn", "crore"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	if len(text) < 2 {
		return false
	}
	last, prev := text[len(text)-1], text[len(text)-2]
	return strings.IndexByte("mMbB", last) >= 0 && prev >= '0' && prev <= '9'
}

// coordinatedWith reports that b is coordinated with a as a joint subject:
// "OpenAI and Broadcom announced ...".
func coordinatedWith(si *sentenceInfo, ms []*mention, a, b *mention) bool {
	if a == nil || b == nil || a.implicit {
		return false
	}
	for _, m := range coordinatedBefore(si, ms, a) {
		if m.org == b.org {
			return true
		}
	}
	for _, m := range coordinatedAfter(si, ms, a) {
		if m.org == b.org && !(a.wi > 0 && preps[si.low[a.wi-1]]) {
			return true
		}
	}
	return false
}

// perfectRelative reports a trigger in a non-restrictive relative clause in
// the perfect (", which has invested", ", who had backed"): a restatement
// of an existing relationship about the organisation it describes.
func perfectRelative(low []string, t int) bool {
	for k := t - 1; k >= 2 && k >= t-4; k-- {
		if low[k] == "has" || low[k] == "have" || low[k] == "had" {
			if low[k-1] == "which" || low[k-1] == "who" {
				return low[k-2] == ","
			}
			if low[k-1] == "also" && k >= 3 && (low[k-2] == "which" || low[k-2] == "who") {
				return low[k-3] == ","
			}
		}
		if low[k] == "," {
			return false
		}
	}
	return false
}

// portfolioDescription reports an investment word at t that describes what
// an investor holds or is known for, not an investment made now: "VCs noted
// for investing in Revolt and Wayve" (r10210), "a fund that is heavily
// invested in QTS" (r10288), "known for backing Stripe".
func portfolioDescription(low []string, t int) bool {
	if t < 0 || t >= len(low) {
		return false
	}
	k := t - 1
	if k >= 1 && low[k] == "for" && reputeWords[low[k-1]] {
		return true
	}
	if low[t] != "invested" || t+1 >= len(low) || low[t+1] != "in" {
		return false
	}
	for k >= 0 && k >= t-3 && degreeAdverbs[low[k]] {
		k--
	}
	return k >= 0 && stateAux[low[k]]
}

var (
	reputeWords   = map[string]bool{"known": true, "noted": true, "famous": true, "renowned": true, "remembered": true}
	degreeAdverbs = map[string]bool{"heavily": true, "deeply": true, "already": true, "also": true, "still": true, "significantly": true, "largely": true}
	stateAux      = map[string]bool{"is": true, "are": true, "remains": true, "remain": true, "stays": true}
)

// heldInvestment reports an investment named as something an investor
// holds, not as an act: the noun after a possessive ("Microsoft's investment
// in OpenAI", "its substantial investment", "Google's current stake in
// Anthropic") or after "having made". With no amount it restates an old
// deal; a new one is told with a verb or a figure.
func heldInvestment(si *sentenceInfo, t int) bool {
	low := si.low
	switch low[t] {
	case "investment", "investments", "stake", "stakes":
	default:
		return false
	}
	// "has completed its investment", "doubling down on its investment",
	// "raised its stake": the possessive is the object of today's act.
	acted := func(k int) bool {
		if k < 0 {
			return false
		}
		switch w := low[k]; w {
		case "on", "up":
			return true
		default:
			for _, p := range []string{"complet", "increas", "rais", "boost", "expand", "extend", "doubl", "lift", "grow", "grew", "add", "finaliz", "finalis", "clos"} {
				if strings.HasPrefix(w, p) {
					return true
				}
			}
		}
		return false
	}
	for k := t - 1; k >= 0 && k >= t-3; k-- {
		switch low[k] {
		case "its", "their", "his", "her":
			return !acted(k - 1)
		case "made", "making":
			return k > 0 && low[k-1] == "having"
		case "'s", "’s":
			m := namedMentionEndingAt(si, k)
			return m != nil && !acted(m.wi-1)
		case ",", "the", "a", "an", "new", "fresh", "latest", "additional", "further", "initial", "first":
			return false // "a new investment", "Nvidia's latest investment": an act of today, possibly
		}
		if m := namedMentionEndingAt(si, k+1); m != nil && m.poss {
			return !acted(m.wi - 1)
		}
	}
	return false
}

// namedMentionEndingAt is the organisation named (not a brand, not implied)
// whose mention ends at word k of the sentence, or nil.
func namedMentionEndingAt(si *sentenceInfo, k int) *mention {
	for i := range si.ments {
		m := &si.ments[i]
		if m.wj == k && !m.brand && !m.implicit {
			return m
		}
	}
	return nil
}

// isVerbTrigger reports a deal verb in the past or present tense: "invested",
// "signs", "agreed".
func isVerbTrigger(w string) bool {
	if triggerWords[w] == trNone || isNoun(w) {
		return false
	}
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss")
}
