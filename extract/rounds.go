package extract

import (
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Funding rounds told over two sentences: "Cursor raised $900 million this
// week. Thrive Capital led the round, with Andreessen Horowitz and Nvidia
// also participating." The first sentence names the company that raised (and
// no investor), the second the investors: each named investor invests in
// that company. The round's total belongs to no single investor, so these
// commitments carry no amount.

var raiseVerbs = map[string]bool{
	"raised": true, "raises": true, "raising": true, "closed": true, "closes": true, "secured": true, "secures": true,
	"landed": true, "lands": true, "completed": true, "completes": true,
}

var leadVerbs = map[string]bool{"led": true, "co-led": true, "headed": true, "anchored": true, "leads": true, "co-leads": true, "leading": true, "co-leading": true}

// leadVerbBefore returns the last word in low[from:t] that leads a round:
// "led", "leads", "co-led", ..., or "lead" after a modal or "to" ("will
// lead a $100m round", "agreed to co-lead"), or -1.
func leadVerbBefore(low []string, from, t int) int {
	for k := t - 1; k >= from && k >= 0; k-- {
		if leadVerbs[low[k]] || (low[k] == "lead" || low[k] == "co-lead") && k > 0 && leadModals[low[k-1]] {
			return k
		}
	}
	return -1
}

// leadModals open the base form "lead" as a verb: "will lead", "to lead".
var leadModals = map[string]bool{"will": true, "would": true, "to": true, "could": true, "may": true, "might": true, "shall": true}

var roundNouns = map[string]bool{"round": true, "funding": true, "financing": true, "raise": true, "fundraising": true, "investment": true}

var participateWords = map[string]bool{
	"participating": true, "participated": true, "participate": true, "joined": true, "joining": true, "included": true,
	"including": true, "part": true,
}

// roundInvestors remembers a company that raised without naming investors,
// and reads the investors of its round from a following sentence. fs holds
// the frames already found in the sentence.
func roundInvestors(si *sentenceInfo, st *frameState, idx int, fs []frame) []frame {
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment && f.kind == schemas.KindInvestment {
			return nil // the sentence tells its own deal
		}
	}
	low := si.low
	// "Cursor raised $900 million": remember the raiser
	for t, w := range low {
		if !raiseFundJoinFilter.mayHold(w) || !raiseFundJoinVerbs[w] {
			continue // (the cheap test first: raisesRound needs a raise or funding verb too)
		}
		if !(raiseVerbs[w] && (hasAny(low, t+1, min(len(low), t+8), "$", "round", "funding", "million", "billion") || len(si.money) > 0)) && !raisesRound(low, t) {
			continue
		}
		if m := raiserRightBefore(si, t, func(m *mention) bool { return !m.poss }); m != nil {
			st.lastInvestee, st.lastInvesteeSent = m, idx
			return nil
		}
		if m := subjectBeforeAside(si, t); m != nil && !m.poss && !m.implicit {
			st.lastInvestee, st.lastInvesteeSent = m, idx
			return nil
		}
	}
	// "X led the round", "X and Y are leading the $102 million Series C
	// round for the company": the leads
	lead, round := -1, -1
	var leads []*mention
	var named *mention // the company the round is for, named in the sentence
	for t := 1; t+2 < len(low); t++ {
		if !leadVerbFilter.mayHold(low[t]) || !leadVerbs[low[t]] {
			continue
		}
		r := roundNounAfter(low, t)
		if r < 0 {
			continue
		}
		subjEnd := t
		for subjEnd > 0 && (low[subjEnd-1] == "are" || low[subjEnd-1] == "is" || low[subjEnd-1] == "also" || low[subjEnd-1] == "will" || low[subjEnd-1] == "be") {
			subjEnd--
		}
		if r+2 < len(low) && (low[r+1] == "for" || low[r+1] == "in" || low[r+1] == "of") {
			for i := range si.ments {
				if m := &si.ments[i]; m.wi == r+2 && !m.brand || m.implicit && m.wi >= r+2 && m.wi <= r+3 {
					named = m
					break
				}
			}
		}
		if named != nil && named.implicit && st.lastInvestee != nil && idx-st.lastInvesteeSent <= 3 {
			named = nil // "for the company": the company that raised, told before
		}
		for i := range si.ments {
			m := &si.ments[i]
			if m.wj == subjEnd && !m.brand && !m.implicit && (st.lastInvestee == nil || m.org != st.lastInvestee.org) && (named == nil || m.org != named.org) {
				leads = append(leads, m)
				for _, c := range coordinatedBefore(si, mentionPtrs(si), m) {
					leads = append(leads, c)
				}
			}
		}
		lead, round = t, r
		break
	}
	if named == nil && (st.lastInvestee == nil || idx-st.lastInvesteeSent > 2) {
		return nil
	}
	if lead < 0 || len(leads) == 0 {
		if named != nil && (st.lastInvestee == nil || idx-st.lastInvesteeSent > 2) {
			return nil
		}
		return participationFrom(si, st, idx)
	}
	var investee *mention
	if named != nil {
		investee = named
		if named.implicit || named.org != nil {
			st.lastInvestee, st.lastInvesteeSent = named, idx
		}
	} else {
		investee = carriedMention(st.lastInvestee, lead, len(low))
	}
	_ = round
	var out []frame
	add := func(m *mention, score float64) {
		for _, f := range out {
			if f.from.org == m.org {
				return
			}
		}
		out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment,
			from: m, to: investee, directed: true, score: score, sent: idx, trig: lead})
	}
	for _, m := range leads {
		add(m, 1.5)
	}
	// participants after the lead: "with A and B also participating", "which also included A and B"
	if hasAny(low, lead, len(low), "participating", "participated", "joined", "joining", "included", "including", "part", "alongside") {
		for i := range si.ments {
			m := &si.ments[i]
			if m.wi > lead+2 && !m.brand && !m.implicit && m.org != st.lastInvestee.org {
				add(m, 1.2)
			}
		}
	}
	return out
}

func mentionPtrs(si *sentenceInfo) []*mention {
	out := make([]*mention, len(si.ments))
	for i := range si.ments {
		out[i] = &si.ments[i]
	}
	return out
}

// leadsRound reports "led the round" (or "co-led the funding", "is leading
// the $50 million Series B round") starting at j: the name before it is an
// investor, even at the start of a sentence.
func leadsRound(low []string, j int) bool {
	for j < len(low) && (low[j] == "are" || low[j] == "is" || low[j] == "also") {
		j++
	}
	return j < len(low) && leadVerbs[low[j]] && roundNounAfter(low, j) > 0
}

// roundNounAfter returns the index of the round noun the verb at t takes as
// its object ("led the round", "leading the $102 million Series C round",
// "co-led its seed funding"), or -1.
func roundNounAfter(low []string, t int) int {
	if t+2 >= len(low) {
		return -1
	}
	switch low[t+1] {
	case "the", "this", "its", "their", "a":
	default:
		return -1
	}
	for k := t + 2; k < len(low) && k <= t+8; k++ {
		if roundNouns[low[k]] {
			return k
		}
		switch low[k] {
		case ",", ".", ";", "and", "with", "by", "from", "in", "for", "to", "that", "which":
			return -1
		}
	}
	return -1
}

// bareJoin reports a clause-final "took part" / "participated" / "joined"
// with no round word ("Nvidia and Salesforce Ventures also took part.")
// right after a sentence about a company raising: the round is that one.
func bareJoin(low []string, t int, st *frameState, idx int) bool {
	if st.lastInvestee == nil || idx-st.lastInvesteeSent > roundReach {
		return false
	}
	switch low[t] {
	case "part", "participated", "joined":
	default:
		return false
	}
	for _, w := range low {
		if leadVerbs[w] || roundNouns[w] {
			return false // "Nvidia led the round, and Accel took part": roundInvestors reads it whole
		}
	}
	return t+1 >= len(low) || low[t+1] == "." || low[t+1] == ";" || low[t+1] == ","
}

// dealContentVerb reports "<deal noun> to <verb at t>" ("an agreement to
// buy", "a contract to lease") with the earlier trigger u in the same
// clause: the deal's words and amount describe the verb's purchase.
func dealContentVerb(low []string, u, t int) bool {
	if t < 2 || low[t-1] != "to" || !signedNouns[low[t-2]] {
		return false
	}
	for k := u; k < t; k++ {
		if low[k] == "," || low[k] == ";" {
			return false
		}
	}
	return true
}

var awardVerbs = map[string]bool{"awarded": true, "awards": true, "award": true, "awarding": true, "granted": true, "gave": true, "signed": true}

// eachRecipient reads one payer's contracts "worth $N each to A, B, C and
// D": a commitment from the payer to each listed organisation, each with
// the stated amount. fs holds the frames already found in the sentence.
func eachRecipient(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	each := -1
	for k, w := range low {
		if w == "each" && k+1 < len(low) && low[k+1] == "to" {
			each = k
			break
		}
	}
	if each < 0 {
		return nil
	}
	var verb = -1
	for k := each - 1; k >= 0; k-- {
		if awardVerbs[low[k]] {
			verb = k
			break
		}
	}
	if verb < 0 {
		return nil
	}
	var payer *mention
	for i := range si.ments {
		m := &si.ments[i]
		if m.wj <= verb && !m.brand && (m.wi == 0 || !preps[low[m.wi-1]]) {
			payer = m
		}
	}
	if payer == nil {
		return nil
	}
	var money *Money
	for i := range si.money {
		if wi := wordIndexAt(si.ws, si.money[i].Start); wi > verb && wi < each && si.money[i].Value != nil {
			money = &si.money[i]
		}
	}
	if money == nil {
		return nil
	}
	from := each + 1 // "each to A, B, C and D"
	if k := describedListStart(low, each+2); k > 0 {
		from = k - 1 // "each to four major tech companies: A, B, C and D"
	}
	var out []frame
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi <= from || m.implicit || m.brand || m.org == payer.org {
			continue
		}
		if p := low[m.wi-1]; p != "to" && p != "," && p != "and" && m.wi-1 != from {
			break // the list has ended
		}
		if commitsTo(fs, payer.org, m.org) || commitsTo(out, payer.org, m.org) {
			continue
		}
		out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: commitmentKind(si, verb, len(low), m),
			from: payer, to: m, money: money, directed: true, score: 2, sent: idx, trig: verb})
	}
	if len(out) < 2 {
		return nil // "each" needs several recipients
	}
	return out
}

// participationNouns name an investor's share in a round when "from"
// follows: "strategic participation from A and B", "with backing from A".
var participationNouns = map[string]bool{
	"participation": true, "investments": true, "investment": true, "backing": true, "support": true,
	"commitments": true, "contributions": true, "funding": true,
}

// participationFrom reads the investors of the round told just before
// ("xAI raised $6 billion. The round includes participation from Nvidia
// and AMD, alongside BlackRock and Morgan Stanley."): each one listed after
// the cue, and after a following "alongside", invests in the company that
// raised; the round's total is none of theirs.
//
// Real news names them other ways too: "the participation of the Qatar
// Investment Authority" (of for from, r2740), "Other participants include
// Bpifrance" (r2942, r2875), "Nvidia was also part of the round" (r2750).
func participationFrom(si *sentenceInfo, st *frameState, idx int) []frame {
	low := si.low
	ms := mentionPtrs(si)
	cue := -1
	for t := 0; t+1 < len(low); t++ {
		if participationNouns[low[t]] && low[t+1] == "from" || (low[t] == "participation" || low[t] == "backing") && low[t+1] == "of" {
			cue = t + 1
			break
		}
	}
	var named []*mention // investors a cue of its own names
	if cue < 0 {
		cue, named = participantsListed(si, ms)
	}
	if cue < 0 {
		return nil
	}
	investee := carriedMention(st.lastInvestee, cue, len(low))
	var out []frame
	add := func(m *mention) {
		if m.brand || m.implicit || m.org == investee.org {
			return
		}
		for _, f := range out {
			if f.from.org == m.org {
				return
			}
		}
		out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment,
			from: m, to: investee, directed: true, score: 1.2, sent: idx, trig: cue})
	}
	listAt := func(k int) int {
		for _, m := range ms {
			if m.wi == k {
				add(m)
				end := m.wj
				for _, c := range coordinatedAfter(si, ms, m) {
					add(c)
					end = c.wj
				}
				return skipLegalForm(si, end)
			}
		}
		return k
	}
	for _, m := range named {
		add(m)
	}
	if named != nil {
		return out
	}
	end := listAt(cue + 1)
	if end == cue+1 {
		for _, m := range investorsFrom(si, ms, cue+1, len(low)) {
			add(m) // "the participation of the Qatar Investment Authority"
		}
	}
	// "..., alongside financial giants BlackRock and Morgan Stanley"
	for k := end; k < len(low) && k < end+3; k++ {
		if low[k] != "alongside" {
			continue
		}
		for j := k + 1; j < len(low) && j <= k+4; j++ {
			if listAt(j) != j {
				break
			}
		}
	}
	return out
}

// participantsListed finds the investors a sentence names as a round's
// participants without naming the round's company: "Other participants
// include A and B" (the list after include) and "A was also part of the
// round" (the subject before the copula). It returns the cue's index, or
// -1.
func participantsListed(si *sentenceInfo, ms []*mention) (int, []*mention) {
	low := si.low
	for t := 1; t+1 < len(low); t++ {
		switch {
		case (low[t] == "include" || low[t] == "included" || low[t] == "includes") && backerWords[low[t-1]] ||
			low[t] == "include" && low[t-1] == "participants" || low[t] == "included" && low[t-1] == "participants":
			if got := investorsFrom(si, ms, t+1, len(low)); len(got) > 0 {
				return t, got
			}
		case (low[t] == "are" || low[t] == "were") && (backerWords[low[t-1]] || low[t-1] == "participants") && hasAny(low, max(0, t-5), t-1, "among"):
			// "Among the other participants are A, B and C"
			if got := investorsFrom(si, ms, t+1, len(low)); len(got) > 0 {
				return t, got
			}
		case low[t] == "part" && low[t+1] == "of" && t+3 < len(low) && low[t+2] == "the" && (roundNouns[low[t+3]] || t+4 < len(low) && roundNouns[low[t+4]]):
			k := t - 1
			if low[k] == "also" && k > 0 {
				k--
			}
			if low[k] != "was" && low[k] != "were" && low[k] != "is" && low[k] != "are" {
				continue
			}
			if subj := subjectBefore(si, ms, 0, k); subj != nil && !subj.implicit {
				return t, []*mention{subj}
			}
		case low[t] == "one" && low[t+1] == "of" && t >= 1 && isCopula(low[t-1]) && backerWithin(low, t+2, t+5):
			// "Qiming Venture Partners was one of the other investors in the round"
			if subj := subjectBefore(si, ms, 0, t-1); subj != nil && !subj.implicit {
				return t, []*mention{subj}
			}
		case low[t] == "as" && (low[t+1] == "a" || low[t+1] == "an") && backerWithin(low, t+2, t+4):
			// "Nvidia joined the party as an investor", "the company brought on
			// Nvidia, the chipmaker, as an investor and strategic partner"
			if m := lastMentionBefore(ms, t); m != nil {
				return t, []*mention{m}
			}
		}
	}
	return -1, nil
}

func isCopula(w string) bool { return w == "was" || w == "were" || w == "is" || w == "are" }

// backerWithin reports an investor noun among words [lo, hi), after
// adjectives only: "the other investors", "a new investor".
func backerWithin(low []string, lo, hi int) bool {
	for k := lo; k < min(hi, len(low)); k++ {
		if backerWords[low[k]] {
			return true
		}
		switch low[k] {
		case "the", "other", "new", "strategic", "minority", "early", "anchor", "key", "lead", "existing", "financial":
		default:
			return false
		}
	}
	return false
}

// lastMentionBefore returns the named organisation that ends nearest
// before word t.
func lastMentionBefore(ms []*mention, t int) *mention {
	var best *mention
	for _, m := range ms {
		if m.wj <= t && !m.implicit && !m.brand && (best == nil || m.wj > best.wj) {
			best = m
		}
	}
	return best
}

// investorsFrom reads a list of investors starting at word k: "Coatue and
// Singapore's sovereign wealth fund GIC", "the hedge fund Coatue",
// "venture capital firm Greenoaks, Lightspeed and DST Global". A short
// descriptor may stand before each name (lower-case words, "the", a
// possessive place, a nationality); the list ends at any other word.
func investorsFrom(si *sentenceInfo, ms []*mention, k, hi int) []*mention {
	low := si.low
	var out []*mention
	skipped, vague := false, false
	for k < hi {
		k = backerPrefixEnd(si, k)
		m := mentionAfterDescriptor(si, ms, k, hi)
		if m != nil && (skipped && !listGoesOnAfter(si, ms, m) || (len(out) > 0 || vague) && startsClause(si, ms, m)) {
			break // "Sony and Tokyo Rail, and Oracle said ...": a clause, not the list
		}
		if m == nil {
			if len(out) == 0 {
				// "with support from the firm's existing shareholders, and
				// Nokia": a first item that names no one, then the list
				if j := vagueInvestorsEnd(si, k, hi); j > k && !vague {
					k, vague = j, true
					continue
				}
				break
			}
			skipped = true
			// an item we do not recognise inside the list ("Sony Group,
			// Nippon Telegraph & Telephone, and NEC", "TVS Capital, 360 ONE
			// Assets, and Nexus Venture Partners"): the list goes on after it
			j := unknownItemEnd(si, k, hi)
			if j == k {
				break
			}
			k = j + 1
			if k < hi && low[k] == "and" {
				k++
			}
			continue
		}
		out = append(out, m)
		end := itemEnd(si, ms, m.wj, hi)
		k = end
		if k < hi && low[k] == "," {
			k++
		}
		if k < hi && low[k] == "and" {
			k++
		}
		if k == end {
			break
		}
	}
	return out
}

// vagueInvestorsEnd returns where the list goes on after a first item that
// names investors without naming one: lower-case words (seven words and
// possessives at most) with an investor noun ("the firm's existing
// shareholders", "other backers"), then "and" or ", and"; or k when there
// is no such item at k.
func vagueInvestorsEnd(si *sentenceInfo, k, hi int) int {
	noun := false
	for j := k; j < hi && j <= k+6; j++ {
		w, lw := si.ws[j].Text, si.low[j]
		switch {
		case lw == "," && j+1 < hi && si.low[j+1] == "and" && noun:
			return j + 2
		case lw == "and" && noun:
			return j + 1
		case backerWords[lw] || lw == "funds" || lw == "firms":
			noun = true
		case lw == "'s" || lw == "’s" || w == lw && isAlnumByte(w[0]):
		default:
			return k
		}
	}
	return k
}

// raiserRightBefore returns the organisation that ends within three words
// before the raise verb at t, with no comma between ("Cursor raised", "Acme
// Robotics has now raised"; not "The company, backed by Microsoft and
// OpenAI, is raising": OpenAI ends an aside), among those keep accepts.
func raiserRightBefore(si *sentenceInfo, t int, keep func(*mention) bool) *mention {
	for i := range si.ments {
		m := &si.ments[i]
		if m.wj <= t && m.wj >= t-3 && !m.brand && keep(m) && !hasAny(si.low, m.wj, t, ",") {
			return m
		}
	}
	return nil
}

// subjectBeforeAside returns the subject of the verb at t when an aside
// stands between them: "Zephyr, also backed by Microsoft and OpenAI, is
// raising" is Zephyr's raise. The aside opens with a comma within twelve
// words of the one that closes it, and the subject ends at the first comma.
func subjectBeforeAside(si *sentenceInfo, t int) *mention {
	low := si.low
	k := t - 1
	for k > 0 && (low[k] == "is" || low[k] == "has" || low[k] == "have" || low[k] == "was" || low[k] == "are" || low[k] == "had" || low[k] == "will" || low[k] == "also" || low[k] == "now" || low[k] == "recently") {
		k--
	}
	if k <= 0 || low[k] != "," {
		return nil
	}
	for j := k - 1; j > 0 && j >= k-12; j-- {
		if low[j] == "." || low[j] == ";" {
			return nil
		}
		if low[j] != "," {
			continue
		}
		for i := range si.ments {
			if m := &si.ments[i]; m.wj == j && !m.brand {
				return m
			}
		}
		return nil
	}
	return nil
}

// listGoesOnAfter reports a list item m followed by a separator or the
// sentence's end, not by a verb of its own.
func listGoesOnAfter(si *sentenceInfo, ms []*mention, m *mention) bool {
	k := itemEnd(si, ms, m.wj, len(si.low))
	if k >= len(si.low) {
		return true
	}
	switch si.low[k] {
	case ",", "and", ".", ";", ")", ":", "—", "–":
		return true
	}
	return false
}

// startsClause reports a list item m after ", and" that a verb of its own
// follows: "from Sony and Hokuriku Rail, and Oracle said it would buy its
// chips" ends the list before Oracle. A plural verb is the whole list's:
// "existing investors A, B, and Nvidia have also committed more cash".
func startsClause(si *sentenceInfo, ms []*mention, m *mention) bool {
	if m.wi < 2 || si.low[m.wi-1] != "and" || si.low[m.wi-2] != "," {
		return false
	}
	k := itemEnd(si, ms, m.wj, len(si.low))
	return k < len(si.low) && (reportVerbs[si.low[k]] || clauseAuxiliaries[si.low[k]] && !pluralAuxiliaries[si.low[k]])
}

// pluralAuxiliaries agree with a list, not with the one name before them.
var pluralAuxiliaries = map[string]bool{"have": true, "are": true, "were": true}

// itemEnd is where a list item whose name ends at word end stops, before
// hi: after its legal form, the rest of its name and a short parenthesis
// ("Marvell Technology Group Ltd. (MRVL)").
func itemEnd(si *sentenceInfo, ms []*mention, end, hi int) int {
	return skipParenthetical(si.low, skipNameTail(si, ms, skipLegalForm(si, end), hi), hi)
}

// clauseAuxiliaries open a clause's verb: "and Oracle will resell".
var clauseAuxiliaries = map[string]bool{
	"will": true, "would": true, "has": true, "have": true, "had": true, "is": true, "are": true, "was": true,
	"were": true, "can": true, "could": true, "may": true, "might": true, "plans": true, "intends": true,
}

// maxUnknownItemWords bounds an unrecognised list item: "Nippon Telegraph &
// Telephone", "360 ONE Assets".
const maxUnknownItemWords = 5

// unknownItemEnd returns the separator (a comma, or "and") that ends a name
// at k made only of capitalised words, numbers and ampersands, or k when
// there is no such name there.
func unknownItemEnd(si *sentenceInfo, k, hi int) int {
	j := k
	for j < hi && j-k < maxUnknownItemWords && (isCapitalised(si.ws[j].Text) || isDigitStart(si.ws[j].Text) || si.low[j] == "&" && j > k) {
		j++
	}
	if j == k || j >= hi || si.low[j] != "," && si.low[j] != "and" {
		return k
	}
	return j
}

// skipNameTail steps over up to two capitalised words the gazetteer left
// after a list item's name ("Cisco Investments", "Temasek Holdings"), when a
// list separator follows them.
func skipNameTail(si *sentenceInfo, ms []*mention, k, hi int) int {
	j := k
	words := 0
	for j < hi && words < 2 && (isCapitalised(si.ws[j].Text) || si.low[j] == "&" && j > k && j+1 < hi && isCapitalised(si.ws[j+1].Text)) && !mentionStartsAt(ms, j) {
		if si.low[j] != "&" {
			words++ // "Fidelity Management & Research": an ampersand joins two of the name's words
		}
		j++
	}
	if j < hi && j > k && si.low[j] == "&" && j+1 < hi && isCapitalised(si.ws[j+1].Text) {
		j += 2
	}
	if j > k && (j == hi || si.low[j] == "," || si.low[j] == "and" || si.low[j] == "(" || si.low[j] == "." || si.low[j] == ";") {
		return j
	}
	return k
}

func mentionStartsAt(ms []*mention, k int) bool {
	for _, m := range ms {
		if m.wi == k {
			return true
		}
	}
	return false
}

// skipParenthetical steps over a short parenthesis at k ("(CSCO)", "(DTC)",
// "(through Bezos Expeditions)") that follows a list item.
func skipParenthetical(low []string, k, hi int) int {
	if k >= hi || low[k] != "(" {
		return k
	}
	for j := k + 1; j < hi && j <= k+6; j++ {
		if low[j] == ")" {
			return j + 1
		}
	}
	return k
}

// descriptorStops end a descriptor: a clause or a list goes on instead.
var descriptorStops = map[string]bool{
	"and": true, "or": true, "with": true, "by": true, "from": true, "in": true, "to": true, "of": true, "for": true,
	"which": true, "that": true, "who": true, "was": true, "is": true, "are": true, "were": true, "has": true,
	"have": true, "had": true, "will": true, "would": true, "also": true, "said": true, "says": true, "as": true,
}

// mentionAfterDescriptor returns the organisation named at k, or after a
// descriptor of up to six words starting at k.
func mentionAfterDescriptor(si *sentenceInfo, ms []*mention, k, hi int) *mention {
	for j := k; j < hi && j <= k+6; j++ {
		for _, m := range ms {
			if m.wi == j && !m.implicit && !m.brand {
				return m
			}
		}
		w, lw := si.ws[j].Text, si.low[j]
		switch {
		case lw == "the" || lw == "'s" || lw == "’s":
		case nationalities[w] || places[w]:
		case descriptorAcronyms[w]: // "acquired AI chipmaker Habana Labs" (r4464), "in generative AI startup Twelve Labs"
		case j+1 < hi && (si.low[j+1] == "'s" || si.low[j+1] == "’s"): // "Singapore's sovereign wealth fund GIC"
		case w != "" && w == lw && !descriptorStops[lw] && !participateWords[lw] && !strings.ContainsAny(lw, ",;:()$"):
		default:
			return nil
		}
	}
	return nil
}

// descriptorAcronyms are capitalised words of a bare description before a
// name: "AI chipmaker", "GPU cloud provider", "EV maker".
var descriptorAcronyms = map[string]bool{"AI": true, "GPU": true, "HPC": true, "EV": true, "IT": true, "GenAI": true}

// roundParticipants reads the other investors a round sentence names after
// its lead: "with participation from A and B", "joined by other investors
// such as A, B", "with A also joining", "also saw participation from
// prominent VCs including A and B".
// backerWords name the investors a "with" adds to a round.
var backerWords = map[string]bool{"backer": true, "backers": true, "investor": true, "investors": true, "shareholder": true, "shareholders": true}

func roundParticipants(si *sentenceInfo, ms []*mention, from, hi int) []*mention {
	low := si.low
	var out []*mention
	for k := from; k+1 < hi; k++ {
		switch {
		case participationNouns[low[k]] && low[k+1] == "from",
			low[k] == "joined" && low[k+1] == "by",
			low[k] == "such" && low[k+1] == "as",
			low[k] == "including" || low[k] == "alongside":
			start := k + 2
			if low[k] == "including" || low[k] == "alongside" {
				start = k + 1
			}
			for _, m := range investorsFrom(si, ms, start, hi) {
				if !slices.Contains(out, m) {
					out = append(out, m)
				}
			}
		case low[k] == "with" && k+2 < hi && backerWords[low[k+1]] || low[k] == "with" && k+3 < hi && (low[k+1] == "existing" || low[k+1] == "new" || low[k+1] == "returning") && backerWords[low[k+2]]:
			// "led a $1 billion round in Moonshot AI with existing backer Monolith Management"
			for _, m := range investorsFrom(si, ms, k+1, hi) {
				if !slices.Contains(out, m) {
					out = append(out, m)
				}
			}
		case low[k] == "with" && k+2 < hi:
			// "with Sequoia Capital also joining", "with Decibel Ventures and
			// Index Partners participating as well"
			for _, m := range participantsJoining(si, ms, k+1, hi) {
				if !slices.Contains(out, m) {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// participantsJoining returns the organisations listed from word k that a
// participle of taking part follows, "also" allowed between ("Sequoia
// Capital also joining", "Decibel Ventures and Index Partners
// participating"), or nil.
func participantsJoining(si *sentenceInfo, ms []*mention, k, hi int) []*mention {
	m := mentionAfterDescriptor(si, ms, k, hi)
	if m == nil {
		return nil
	}
	items := append([]*mention{m}, coordinatedAfter(si, ms, m)...)
	j := items[len(items)-1].wj
	if j < hi && si.low[j] == "also" {
		j++
	}
	if j >= hi || !joiningParticiples[si.low[j]] {
		return nil
	}
	return items
}

// joiningParticiples tell that the investors a "with" names take part in a
// round: "with A and B participating".
var joiningParticiples = map[string]bool{"participating": true, "joining": true, "investing": true, "contributing": true}

// investorList reads "Investors in the round included A, B and C".
func (x *Extractor) investorList(si *sentenceInfo, st *frameState, t int) []frame {
	lo, hi := clauseBounds(si.low, t)
	ms := mentionsIn(si.ments, lo, hi)
	var first *mention
	for _, m := range ms {
		if m.wi > t && !m.implicit {
			first = m
			break
		}
	}
	if first == nil || first.wi > t+1 {
		// "Investors include Stonebridge Group and ...": an unknown name first
		if u := listedUnknown(si, t+1); u != nil {
			first = u
		}
	}
	if first == nil {
		return nil
	}
	to := objectAfter(si, ms, lo, t, nil, "in")
	// "investors in the round include ...": the round is the article's, however far back it was told
	if to == nil && st.lastInvestee != nil && (si.idx-st.lastInvesteeSent <= 3 || hasAny(si.low, lo, t, "round")) {
		to = carriedMention(st.lastInvestee, t, len(si.low))
	}
	if to == nil {
		return nil
	}
	var out []frame
	for _, m := range append([]*mention{first}, coordinatedAfter(si, ms, first)...) {
		if m.org == to.org {
			continue
		}
		out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment, from: m, to: to, score: 1.3, directed: true})
	}
	return out
}

// investsInRound reports an invest verb before the round noun at t whose
// object the round is: "is investing $150 million in a funding round",
// "put $50 million into the round", "participated in the Series B round".
func investsInRound(low []string, lo, t int) bool {
	for k := max(lo, t-12); k < t; k++ {
		if roundJoinVerbs[low[k]] && hasAny(low, k+1, t, "in", "into", "to") && !hasAny(low, k+1, t, ",", "and", "after", "while") {
			return true
		}
	}
	return false
}

var roundJoinVerbs = map[string]bool{"invest": true, "invests": true, "invested": true, "investing": true, "put": true,
	"puts": true, "putting": true, "contribute": true, "contributes": true, "contributed": true, "contributing": true,
	"participate": true, "participates": true, "participated": true, "participating": true}

// roundOwner is the company whose round the noun at t names by a
// possessive: "ASML put 1.3 billion euros into Mistral AI's 1.7 billion-euro
// funding round" raises money for Mistral, not for the sentence's subject.
func roundOwner(si *sentenceInfo, ms []*mention, lo, t int) *mention {
	switch si.low[t] {
	case "round", "funding", "financing":
	default:
		return nil
	}
	for _, m := range ms {
		poss := m.poss || m.wj < len(si.low) && (si.low[m.wj] == "'" || si.low[m.wj] == "’") // "Perrin Labs' round"
		if poss && !m.implicit && !m.brand && m.wj >= lo && m.wj < t && t-m.wj <= 7 && !hasAny(si.low, m.wj, t, ",", "and", "to", "for") {
			return m
		}
	}
	return nil
}
