package extract

import (
	"slices"

	"github.com/dealwatch/dealwatch/schemas"
)

// Investor lists of a round, read as lists. Real news names a round's
// investors in many shapes that no single frame covers: "backed by A, and B,
// C as leading investors in the round", "This round was jointly led by A, B
// and C and also participated in by nine institutions including D and E",
// "Existing investors A and B participated as follow-on investors, while C
// and D joined as new investors", "led by A followed by B and new investors
// C, D". In a sentence about a round (a round word, and the company that
// raised named in it or in the sentences just before), every organisation
// in an investor-list position invests in that company, with no amount: the
// round's total is no single investor's (LABELING.md). The stage runs only
// where the frame rules found no investment in the sentence.

// listCues open an investor list: the list starts right after them.
var listCues = [][]string{
	{"led", "by"}, {"co-led", "by"}, {"backed", "by"}, {"joined", "by"}, {"participated", "in", "by"}, {"funded", "by"},
	{"participation", "from"}, {"investment", "from"}, {"investments", "from"}, {"funding", "from"}, {"backing", "from"},
	{"capital", "from"}, {"money", "from"}, {"support", "from"}, {"including"}, {"such", "as"}, {"include"}, {"includes"}, {"included"},
	{"investors"}, {"backers"}, {"followed", "by"},
}

// raiseFundJoinVerbs is raiseVerbs, fundingVerbs and joinVerbs in one set
// (hasRaiseVerb asks about all three for every word).
var raiseFundJoinVerbs = unionSet(raiseVerbs, fundingVerbs, joinVerbs)

func unionSet(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range sets {
		for w, in := range s {
			out[w] = out[w] || in
		}
	}
	return out
}

// joinVerbs end a subject list of investors: "A and B also participated".
var joinVerbs = map[string]bool{
	"participated": true, "participate": true, "participates": true, "joined": true, "join": true, "joins": true,
	"invested": true, "chipped": true, "contributed": true, "co-invested": true, "followed": true, "joining": true,
}

// roundWords tell that a sentence is about a funding round.
var roundWords = map[string]bool{
	"round": true, "funding": true, "financing": true, "fundraising": true, "fundraise": true, "raise": true,
	"raised": true, "raises": true, "investors": true, "investor": true, "backers": true, "tranche": true,
	"series": true, "seed": true, "led": true, "co-led": true, "participated": true, "participation": true,
}

// roundListInvestors returns the investors a round sentence lists, each
// investing in the company that raised; fs are the frames already read in
// the sentence.
func roundListInvestors(si *sentenceInfo, st *frameState, idx int, fs []frame) []frame {
	low := si.low
	roundWord := hasRoundWord(low)
	if !roundWord && !hasRaiseVerb(low) && !colonParticipants(low) {
		return nil // no round, no raise, no joiners: nothing to read (the cheap test first)
	}
	raiser := raiseVerbSubject(si)
	if raiser != nil && len(si.money) == 1 && si.money[0].Value != nil { // one amount: the round's ("ASML put in €1.3 billion of the €1.7 billion" is two)
		if st.raised == nil {
			st.raised = map[*Org][]float64{}
		}
		st.raised[raiser.org] = append(st.raised[raiser.org], *si.money[0].Value)
	}
	if raiser == nil {
		raiser = roundOwnerNamed(si)
	}
	if raiser != nil {
		st.lastRaiser, st.lastRaiserSent = raiser, idx
	}
	// investors the frames already read, and the company they invest in
	have := map[*Org]bool{}
	var framed *mention
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment && f.kind == schemas.KindInvestment && f.from != nil && f.to != nil {
			if framed != nil && framed.org != f.to.org {
				return nil // investments in two companies: no telling whose round the list is
			}
			framed = f.to
			have[f.from.org] = true
		}
	}
	if !roundWord && !joinsRecentRound(low, st, idx) {
		return nil
	}
	if holdersListed(si) {
		return nil // "other investors in the company include A and B": who holds stakes, no round
	}
	investee := framed
	if investee == nil {
		investee = raiser
	}
	if investee == nil {
		if st.lastInvestee == nil || idx-st.lastInvesteeSent > roundReach {
			return nil
		}
		investee = carriedMention(st.lastInvestee, 0, len(low))
	}
	ms := mentionPtrs(si)
	var investors []*mention
	add := func(m *mention) {
		if m == nil || m.brand || m.implicit || m.org == investee.org || have[m.org] {
			return
		}
		for _, o := range investors { // one event per investor, however often it is named
			if o.org == m.org {
				return
			}
		}
		investors = append(investors, m)
	}
	for k := 0; k < len(low); k++ {
		for _, cue := range listCues {
			if k+len(cue) > len(low) || !slices.Equal(low[k:k+len(cue)], cue) {
				continue
			}
			for _, m := range investorsFrom(si, ms, k+len(cue), len(low)) {
				add(m)
			}
		}
		// "Also joining the party: A, B and C", "Lead investor: A",
		// "Strategic participants: A, B, C"
		if low[k] == ":" && (hasAny(low, max(0, k-4), k, "joining", "joined", "participating", "participated", "investors", "backers") || colonHead(low, k)) {
			for _, m := range investorsFrom(si, ms, k+1, len(low)) {
				add(m)
			}
		}
		// "A, B and C also participated", "A and B joined as new investors"
		if joinVerbs[low[k]] {
			end := k
			for end > 0 && (low[end-1] == "also" || low[end-1] == "have" || low[end-1] == "has" || low[end-1] == "all") {
				end--
			}
			// the rest of the name the gazetteer did not take: "BlackRock Advisors"
			for n := 0; n < 2 && end > 1 && isCapitalised(si.ws[end-1].Text) && namedMentionEndingAt(si, end) == nil; n++ {
				end--
			}
			for _, m := range ms {
				if m.wj == end && !m.implicit {
					add(m)
					for _, c := range coordinatedBefore(si, ms, m) {
						add(c)
					}
				}
			}
		}
	}
	if len(investors) == 0 {
		return nil
	}
	if investee.implicit {
		st.lastInvesteeSent = idx // the round's investors go on: "Lead investor: A" then "Participants: B, C"
	}
	var out []frame
	for _, m := range investors {
		out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment,
			from: m, to: investee, directed: true, score: 1, sent: idx, trig: m.wi})
	}
	return out
}

// joinsRecentRound reports "A, B and C all joined." or "Also joining the
// party: A, B and C" right after a sentence about a company's round: the
// join verb ends the sentence or opens a list, and the company that raised
// was named at most two sentences before.
func joinsRecentRound(low []string, st *frameState, idx int) bool {
	if st.lastInvestee == nil || idx-st.lastInvesteeSent > 2 {
		return false
	}
	for k, w := range low {
		if joinVerbs[w] && (k > 0 && (k+1 == len(low) || low[k+1] == "." || low[k+1] == "in" || low[k+1] == "as") || hasAny(low, k+1, min(len(low), k+5), ":")) {
			return true
		}
	}
	return colonParticipants(low) // "Strategic participants: A, B, C" under a round's details
}

// listHeads head a list of a round's investors set out after a colon, as
// a round's details do: "Lead investor: A", "Strategic participants: B, C"
// (not "absent from the investor list: Microsoft").
var listHeads = map[string]bool{"investor": true, "investors": true, "participants": true, "co-investors": true, "backers": true}

// colonHead reports the colon at k after a list head: "participants:".
func colonHead(low []string, k int) bool { return k > 0 && low[k] == ":" && listHeads[low[k-1]] }

// colonParticipants reports a list a head sets out after a colon, as a
// round's details do. (Where the head is "investor", "investors" or
// "backers", a round word, the sentence is about a round anyway.)
func colonParticipants(low []string) bool {
	for k := range low {
		if colonHead(low, k) {
			return true
		}
	}
	return false
}

// The filters of the words a sentence is scanned for, every sentence: most
// words are turned away without hashing them.
var (
	roundWordFilter     = newWordFilter(roundWords)
	raiseFundJoinFilter = newWordFilter(raiseFundJoinVerbs)
	leadVerbFilter      = newWordFilter(leadVerbs)
)

func hasRoundWord(low []string) bool {
	for _, w := range low {
		if roundWordFilter.mayHold(w) && roundWords[w] {
			return true
		}
	}
	return false
}

// raiseVerbSubject is the subject of a raise verb with a round word or an
// amount after it: "Moore Threads has raised a Series B round".
func raiseVerbSubject(si *sentenceInfo) *mention {
	low := si.low
	for t, w := range low {
		if !raiseVerbs[w] {
			continue
		}
		if !hasAny(low, t+1, min(len(low), t+8), "$", "€", "£", "round", "funding", "financing", "million", "billion", "series", "tranche") {
			continue
		}
		if m := raiserRightBefore(si, t, func(m *mention) bool { return !m.implicit }); m != nil {
			return m
		}
	}
	return nil
}

// roundOwnerNamed is the company a sentence names as the owner of a round
// when no raise verb has a subject: the backed company ("Moore Threads is
// backed by A and B"), the possessor of the round ("Upstage's Series B") or
// the company it is for ("the round of funding for Scale").
func roundOwnerNamed(si *sentenceInfo) *mention {
	low := si.low
	// "Moore Threads is backed by A and B": the backed company
	for t := 1; t+1 < len(low); t++ {
		if low[t] != "backed" || low[t+1] != "by" {
			continue
		}
		v := t
		for v > 0 && (low[v-1] == "is" || low[v-1] == "was" || low[v-1] == "are" || low[v-1] == "been" || low[v-1] == "has" || low[v-1] == "also") {
			v--
		}
		if v < t {
			if m := namedMentionEndingAt(si, v); m != nil {
				return m
			}
		}
	}
	var ms []*mention
	for t, w := range low {
		if w != "round" && w != "funding" && w != "financing" {
			continue
		}
		if ms == nil {
			ms = mentionPtrs(si)
		}
		if m := roundOwner(si, ms, 0, t); m != nil {
			return m
		}
		if m := roundFor(si, t); m != nil {
			return m
		}
	}
	return nil
}

// roundFor returns the company a round at t is for: "the latest round of
// funding for Scale", "a $40 million funding round in Quorvane".
func roundFor(si *sentenceInfo, t int) *mention {
	low := si.low
	k := t + 1
	if k+1 < len(low) && low[k] == "of" && (low[k+1] == "funding" || low[k+1] == "financing") {
		k += 2
	}
	if k+1 >= len(low) || low[k] != "for" && low[k] != "in" && low[k] != "into" {
		return nil
	}
	for i := range si.ments {
		if m := &si.ments[i]; m.wi == k+1 && !m.brand && !m.implicit {
			return m
		}
	}
	return nil
}

// investorGroupNouns name a group of investors a list is drawn from.
var investorGroupNouns = map[string]bool{"investors": true, "backers": true, "shareholders": true, "firms": true, "names": true, "funds": true}

// oneOfSeveralInvestors clears the amount of an investment whose investor is
// drawn from a group ("raised $215m from investors including Microsoft",
// "backers such as A and B"): the round's total belongs to the group, not to
// the one investor named (LABELING.md: a combined amount gives no amount).
func oneOfSeveralInvestors(si *sentenceInfo, fs []frame) []frame {
	for i := range fs {
		f := &fs[i]
		if f.typ != schemas.TypeCommitment || f.kind != schemas.KindInvestment || f.money == nil || f.from == nil || f.from.implicit {
			continue
		}
		// "from investors including ASML, which put in €1.3 billion": its own amount, told after it
		if f.money.Start < si.ws[f.from.wi].Start && (drawnFromGroup(si.ws, si.low, f.from.wi) || othersAfter(si.low, f.from.wj)) {
			f.money, f.untold = nil, true
		}
		if subject, ok := leadsTheRound(si.low, f.from); ok && (subject || f.money.Start < si.ws[f.from.wi].Start) {
			f.money, f.untold = nil, true // "a $1 billion round led by Accel", "Nvidia has led a $2 billion investment": the round's total
		}
	}
	return fs
}

// othersAfter reports "and others" or "and other investors" right after a
// name ending at word k: "raises $300M from HCLTech and others", "430
// billion won from Mirae Asset and others". The amount is the group's.
func othersAfter(low []string, k int) bool {
	if k+1 >= len(low) || low[k] != "and" {
		return false
	}
	if low[k+1] == "others" {
		return true
	}
	return low[k+1] == "other" && k+2 < len(low) && investorGroupNouns[low[k+2]]
}

// leadsTheRound reports an investor named as a round's lead, as the subject
// of the lead verb ("Nvidia has led a $2 billion investment": the amount is
// the round's) or after "led by" ("a $1 billion round led by Accel"; an
// amount after the name, "led by ASML, which invested €1.3 billion", is the
// lead's own).
func leadsTheRound(low []string, m *mention) (subject, ok bool) {
	k := m.wj
	for k < len(low) && (low[k] == "has" || low[k] == "have" || low[k] == "also" || low[k] == "," || low[k] == "which") {
		k++
	}
	if k < len(low) && (low[k] == "led" || low[k] == "co-led" || low[k] == "leads" || low[k] == "co-leads" || low[k] == "leading") {
		return true, true
	}
	for j := m.wi - 1; j >= 1 && j >= m.wi-5; j-- {
		if low[j] == "by" && (low[j-1] == "led" || low[j-1] == "co-led") {
			return false, true
		}
		if low[j] == "," || low[j] == "and" || low[j] == "with" {
			return false, false
		}
	}
	return false, false
}

// drawnFromGroup reports a name at i that is an item of a list introduced by
// "investors including", "backers such as" or "investors like": it walks
// back over the list's other items to the cue.
func drawnFromGroup(ws []word, low []string, i int) bool {
	k := i - 1
	for k >= 0 && (isCapitalised(ws[k].Text) || low[k] == "," || low[k] == "and" || low[k] == "&") {
		k--
	}
	// a description before the name: "including technology firm Microsoft"
	for n := 0; n < 3 && k >= 0 && low[k] != "including" && low[k] != "as" && low[k] != "like"; n++ {
		k--
	}
	switch {
	case k >= 1 && low[k] == "including":
		return investorGroupNouns[low[k-1]]
	case k >= 2 && low[k] == "as" && low[k-1] == "such":
		return investorGroupNouns[low[k-2]]
	case k >= 1 && low[k] == "like":
		return investorGroupNouns[low[k-1]]
	}
	return false
}

// roundReach bounds how many sentences after the company that raised was
// last named a sentence that refers to a round without naming whose it is
// ("The round was led by A", "B also took part", "C contributed $600
// million", "D will provide funding") still means that company's round.
// Real articles name the investors a paragraph or more after the raise (in
// folds a-k: 0.543 -> 0.551 F1 against the two or three sentences before);
// a company named in between as the one invested in takes the round over.
// Chatty or quote-heavy openings put them further still: nine sentences
// after the raise in r4168, seventeen in r4160 ("Other investors like
// Accel, Lightspeed, Plural, and General Catalyst also joined in"); 8 → 20
// gave folds y, ac and ae +9 true positives and no false positive.
const roundReach = 20

// maxRaiserDistance bounds how many sentences after a company's raise "the
// round" still means its round.
const maxRaiserDistance = 15

// definiteRound gives "the round" its company. A sentence that refers to a
// round already told ("other investors in the funding round include A",
// "B also joined the round") without naming a company means the round of
// the company that raised last, not of whichever company was invested in
// last ("Nvidia previously invested in OpenAI"). Investments the frames
// carried over to another company from earlier sentences go to the raiser.
func definiteRound(si *sentenceInfo, st *frameState, idx int, fs []frame) []frame {
	if st.lastRaiser == nil || idx-st.lastRaiserSent > maxRaiserDistance || !definiteRoundRef(si.low) {
		return fs
	}
	for i := range fs {
		f := &fs[i]
		if f.typ != schemas.TypeCommitment || f.kind != schemas.KindInvestment || f.to == nil || !f.to.implicit || f.to.org == st.lastRaiser.org {
			continue
		}
		if f.from != nil && f.from.org == st.lastRaiser.org {
			continue
		}
		f.to = carriedMention(st.lastRaiser, f.to.wi, len(si.low))
	}
	return fs
}

// definiteRoundRef reports "the round", "the funding round", "this
// financing round", "the latest round".
func definiteRoundRef(low []string) bool {
	for k, w := range low {
		if w != "the" && w != "this" {
			continue
		}
		for j := k + 1; j < len(low) && j <= k+3; j++ {
			if low[j] == "round" || low[j] == "financing" || low[j] == "fundraise" || low[j] == "fundraising" {
				return true
			}
			if low[j] != "funding" && low[j] != "latest" && low[j] != "new" && low[j] != "current" && low[j] != "investment" && low[j] != "series" && len(low[j]) > 1 {
				break
			}
		}
	}
	return false
}

// roundTotals clears the amount of an investment that is the whole round
// of a company several investors join: "Nscale raises $1.1 billion round
// backed by Nvidia" when the article names Nvidia's co-investors too. The
// round's total is no single investor's (LABELING.md).
func roundTotals(frames []frame, raised map[*Org][]float64) {
	if len(raised) == 0 {
		return
	}
	investors := map[*Org]map[*Org]bool{}
	for _, f := range frames {
		if f.typ == schemas.TypeCommitment && f.kind == schemas.KindInvestment && f.from != nil && f.to != nil && f.modality == schemas.ModalityStated {
			if investors[f.to.org] == nil {
				investors[f.to.org] = map[*Org]bool{}
			}
			investors[f.to.org][f.from.org] = true
		}
	}
	for i := range frames {
		f := &frames[i]
		if f.typ != schemas.TypeCommitment || f.kind != schemas.KindInvestment || f.to == nil || f.money == nil || f.money.Value == nil ||
			len(investors[f.to.org]) < 2 || !slices.Contains(raised[f.to.org], *f.money.Value) {
			continue
		}
		f.money, f.untold = nil, true
	}
}

// fundToFund makes a commitment between two investors an investment: "CPP
// Investments' $1.75 billion commitment to EQT's AI infrastructure
// strategy" buys no compute, whatever the strategy buys.
func fundToFund(fs []frame) []frame {
	for i := range fs {
		f := &fs[i]
		if f.typ == schemas.TypeCommitment && (f.kind == schemas.KindCompute || f.kind == schemas.KindCloudServices) && f.from != nil && f.to != nil &&
			f.from.org.Kind == kindInvestor && f.to.org.Kind == kindInvestor {
			f.kind = schemas.KindInvestment
		}
	}
	return fs
}

func hasRaiseVerb(low []string) bool {
	for _, w := range low {
		if raiseFundJoinFilter.mayHold(w) && raiseFundJoinVerbs[w] {
			return true
		}
	}
	return false
}

// holdersListed reports a sentence that lists who holds stakes in a company,
// with no round, raise or amount: "other investors in the company include
// Khosla Ventures and Thrive Capital". Its investors restate old deals.
func holdersListed(si *sentenceInfo) bool {
	low := si.low
	if len(si.money) > 0 || hasRaiseVerb(low) {
		return false
	}
	for _, w := range low {
		if roundWords[w] && w != "investors" && w != "investor" && w != "backers" {
			return false
		}
	}
	return hasAny(low, 0, len(low), "include", "includes", "are", "counts", "count")
}
