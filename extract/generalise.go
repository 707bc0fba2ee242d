package extract

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"

	prose "github.com/jdkato/prose/v2"
)

// businessVerbs describe a company's line of business in a relative clause
// that introduces it: "Foo Bar, which sells note-taking software, ...".
var businessVerbs = map[string]bool{
	"sells": true, "makes": true, "builds": true, "develops": true, "designs": true, "runs": true,
	"operates": true, "provides": true, "offers": true, "produces": true, "manufactures": true,
	"trains": true, "creates": true, "supplies": true,
}

// datelineEnd returns the index of the first token after a news dateline
// ("CHICAGO, June 30 (wire) -", "PARIS (Reuters) —"), or 0 when the tokens
// start with none. A dateline is a capitalised place, optionally a date,
// and a parenthesised source, closed by a dash, within the first dozen tokens.
func datelineEnd(toks []prose.Token) int {
	if len(toks) == 0 || !isCapitalised(toks[0].Text) {
		return 0
	}
	paren := false
	for i := 0; i < len(toks) && i < 14; i++ {
		switch t := toks[i].Text; {
		case t == ")":
			paren = true
		case paren && (t == "-" || t == "–" || t == "—" || t == "--"):
			return i + 1
		case t == "." || t == ";" || strings.EqualFold(t, "said"):
			return 0
		}
	}
	return 0
}

// shareVerbs state one investor's part of a round told just before:
// "BlackRock contributed $600 million", "Temasek provided the remaining
// $400 million", "Accel chipped in $50 million".
var shareVerbs = map[string]bool{
	"contributed": true, "contributes": true, "contributing": true, "provided": true, "provides": true,
	"supplied": true, "added": true, "adds": true, "invested": true, "invests": true, "committed": true,
	"commits": true, "injected": true, "put": true, "puts": true, "chipped": true, "ploughed": true, "plowed": true,
	"contribute": true, "provide": true, "invest": true, "commit": true, "pledge": true,
	"providing": true, "investing": true, "committing": true, "pledging": true, "pledged": true, "pledges": true,
}

// statedShares reads investors' stated shares of a round raised in one of the
// two previous sentences: each "<investor> <share verb> [the remaining |
// another] <amount>" invests that amount in the company that raised.
func statedShares(si *sentenceInfo, st *frameState, idx int, fs []frame) []frame {
	if st.lastInvestee == nil || idx-st.lastInvesteeSent > roundReach {
		return nil
	}
	has := func(m *mention) bool {
		for _, f := range fs {
			if f.typ == schemas.TypeCommitment && f.from != nil && f.from.org == m.org {
				return true
			}
		}
		return false
	}
	out := cameFrom(si, st, idx, has)
	for mi := range si.money {
		money := &si.money[mi]
		if money.Value == nil || usedMoney(fs, money) {
			continue
		}
		// word index of the amount
		w := -1
		for k, wd := range si.ws {
			if wd.Start >= money.Start {
				w = k
				break
			}
		}
		if w < 1 {
			continue
		}
		if e := wordAt(si.ws, money.End); e < len(si.low) && (si.low[e] == "of" || si.low[e] == "worth" || si.low[e] == "for") {
			continue // "$200 million of cloud services": a purchase, not a share of the round
		} else if e < len(si.low) && (si.low[e] == "in" || si.low[e] == "into" || si.low[e] == "on" || si.low[e] == "toward" || si.low[e] == "towards") &&
			!hasRoundWord(si.low[e+1:min(len(si.low), e+4)]) && !hasAny(si.low, e+1, min(len(si.low), e+4), "it", "company", "startup") {
			continue // "investing $15.5 billion in computing equipment": the money goes where it says, not into "the round"
		}
		v := w - 1
		for v > 0 && (si.low[v] == "the" || si.low[v] == "remaining" || si.low[v] == "another" || si.low[v] == "further" || si.low[v] == "a" || si.low[v] == "in" || si.low[v] == "rest" || si.low[v] == "balance" || si.low[v] == "of") && w-v < 4 {
			v--
		}
		if !shareVerbs[si.low[v]] {
			continue
		}
		// the subject ends before the auxiliaries: "Nvidia is providing",
		// "A and B are each contributing", "with Microsoft contributing"
		subjEnd, each := v, false
		for subjEnd > 0 && shareAuxiliaries[si.low[subjEnd-1]] && v-subjEnd < 3 {
			subjEnd--
			each = each || si.low[subjEnd] == "each"
		}
		investee := carriedMention(st.lastInvestee, v, len(si.low))
		for i := range si.ments {
			m := &si.ments[i]
			if m.wj > v || m.wj < subjEnd-1 || m.brand || m.implicit || m.org == st.lastInvestee.org || has(m) {
				continue
			}
			out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment,
				from: m, to: investee, money: money, directed: true, score: 1.2, sent: idx, trig: v})
			if each {
				// "A and B are each providing $50 million": the amount is each one's
				for _, c := range coordinatedBefore(si, mentionPtrs(si), m) {
					if c.org != st.lastInvestee.org && !c.brand && !has(c) {
						out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment,
							from: c, to: investee, money: money, directed: true, score: 1.2, sent: idx, trig: v})
					}
				}
			}
			break
		}
	}
	return out
}

// shareAuxiliaries stand between an investor and its share verb: "is
// providing", "are each contributing", "has also pledged".
var shareAuxiliaries = map[string]bool{"is": true, "are": true, "was": true, "were": true, "has": true, "have": true,
	"had": true, "will": true, "would": true, "be": true, "each": true, "also": true, "both": true}

// usedMoney reports an amount some frame of the sentence already carries.
func usedMoney(fs []frame, m *Money) bool {
	for _, f := range fs {
		if f.money != nil && f.money.Start == m.Start {
			return true
		}
	}
	return false
}

// wordAt returns the index of the first word starting at or after byte off.
func wordAt(ws []word, off int) int {
	for k, w := range ws {
		if w.Start >= off {
			return k
		}
	}
	return len(ws)
}

// cameFrom reads "the remaining $1.5 billion came from a group that included
// A and B": the named investors put money into the company that raised. One
// named investor gets the amount; several share it without a stated split,
// so each gets none.
func cameFrom(si *sentenceInfo, st *frameState, idx int, has func(*mention) bool) []frame {
	low := si.low
	at := -1
	for k := 1; k+1 < len(low); k++ {
		if low[k+1] == "from" && (low[k] == "came" || low[k] == "come" || low[k] == "comes" || low[k] == "coming") {
			at = k
			break
		}
	}
	if at < 0 {
		return nil
	}
	si.readAmounts() // no commitment word: amounts were not read yet
	if len(si.money) > 1 || len(si.money) == 1 && (si.money[0].Value == nil || wordAt(si.ws, si.money[0].Start) > at) {
		return nil
	}
	var investors []*mention
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi <= at+1 || m.brand || m.implicit || m.org == st.lastInvestee.org || has(m) {
			continue
		}
		if hasAny(low, at+2, m.wi, ".", ";", "while", "but") {
			break
		}
		investors = appendNewOrg(investors, m)
	}
	var out []frame
	group := len(investors) > 1 || hasAny(low, at+2, len(low), "group", "investors", "including", "included", "among")
	for _, m := range investors {
		investee := carriedMention(st.lastInvestee, at, len(low))
		f := frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindInvestment,
			from: m, to: investee, directed: true, score: 1.2, sent: idx, trig: at}
		if !group && len(si.money) == 1 {
			f.money = &si.money[0]
		}
		out = append(out, f)
	}
	return out
}

// quoteScope is the part of one sentence inside a quotation whose speaker is
// an organisation: first-person "we", "our", "us" there stand for it.
type quoteScope struct {
	org    *Org
	lo, hi int // byte range in the sentence text
}

var attributionVerbs = map[string]bool{"said": true, "says": true, "told": true, "added": true, "wrote": true, "stated": true}

// orgAt resolves an organisation name starting at word i: a gazetteer entry
// or a name learned in this article.
func (x *Extractor) orgAt(d *docState, ws []word, i int) *Org {
	if e, n, ok := x.gaz.match(ws, i); ok && n > 0 && e.org != nil {
		return e.org
	}
	if o, _, ok := d.matchUnknown(ws, i); ok {
		return o
	}
	return nil
}

// quoteSpeakers finds quotations attributed to an organisation or to one of
// its people — '"We ...," Acme chief executive Jo Bloggs said', 'Acme said:
// "We ..."' — and returns, per sentence, the quoted part and its speaker.
// A quotation may run over several sentences.
func (x *Extractor) quoteSpeakers(d *docState, sents []sentence, allWords [][]word) []quoteScope {
	out := make([]quoteScope, len(sents))
	// speaker named after the closing quote: the attribution follows it
	after := func(i, p int) *Org {
		ws := allWords[i]
		first := wordAt(ws, p+1)
		said := false
		for k := first; k < len(ws) && k < first+12; k++ {
			if attributionVerbs[strings.ToLower(ws[k].Text)] {
				said = true
			}
		}
		if !said {
			return nil
		}
		// "Acme chief executive Jo Bloggs said", "said Jo Bloggs, chief executive of Acme"
		for k := first; k < len(ws) && k < first+10; k++ {
			if o := x.orgAt(d, ws, k); o != nil {
				return o
			}
		}
		return nil
	}
	// speaker named before the opening quote: 'Acme said: "We ..."'
	before := func(i, p int) *Org {
		ws := allWords[i]
		end := wordAt(ws, p)
		if end == 0 || !hasAnyWord(ws, max(0, end-3), end, attributionVerbs) {
			return nil
		}
		var o *Org
		for k := 0; k < end; k++ {
			if f := x.orgAt(d, ws, k); f != nil {
				o = f
			}
		}
		return o
	}
	open, openAt := -1, 0
	for i, s := range sents {
		for p, r := range s.Text {
			opening := false
			switch r {
			case '“':
				opening = true
			case '”':
				opening = false
			case '"':
				opening = open < 0
			default:
				continue
			}
			if opening {
				open, openAt = i, p
				continue
			}
			if open < 0 {
				continue
			}
			sp := after(i, p)
			if sp == nil {
				sp = before(open, openAt)
			}
			if sp != nil {
				for k := open; k <= i; k++ {
					lo, hi := 0, len(sents[k].Text)
					if k == open {
						lo = openAt
					}
					if k == i {
						hi = p
					}
					out[k] = quoteScope{org: sp, lo: lo, hi: hi}
				}
			}
			open = -1
		}
		if open >= 0 && i-open > 6 {
			open = -1 // an unbalanced quote mark
		}
	}
	x.interviewAnswers(d, sents, allWords, out)
	return out
}

// interviewAnswers: in a question-and-answer interview ("Q: ... A: We ..."),
// the answers speak for the organisation the article opens with.
func (x *Extractor) interviewAnswers(d *docState, sents []sentence, allWords [][]word, out []quoteScope) {
	label := func(i int) string {
		ws := allWords[i]
		if len(ws) >= 2 && ws[1].Text == ":" && (ws[0].Text == "Q" || ws[0].Text == "A") {
			return ws[0].Text
		}
		return ""
	}
	qs, as := 0, 0
	for i := range sents {
		switch label(i) {
		case "Q":
			qs++
		case "A":
			as++
		}
	}
	if qs < 2 || as < 2 {
		return
	}
	var org *Org
	for i := 0; i < len(sents) && org == nil && label(i) == ""; i++ {
		ws := allWords[i]
		for k := datelineWords(ws); k < len(ws); k++ {
			if org = x.orgAt(d, ws, k); org != nil {
				break
			}
		}
	}
	if org == nil {
		return
	}
	answering := false
	for i, s := range sents {
		switch label(i) {
		case "A":
			answering = true
		case "Q":
			answering = false
		}
		if answering && out[i].org == nil {
			out[i] = quoteScope{org: org, lo: 0, hi: len(s.Text)}
		}
	}
}

// datelineWords returns the index of the first word after a dateline
// ("SAN FRANCISCO, Aug 27 (wire) -"), or 0.
func datelineWords(ws []word) int {
	paren := false
	for k := 0; k < len(ws) && k < 14; k++ {
		switch ws[k].Text {
		case ")":
			paren = true
		case "-", "–", "—":
			if paren {
				return k + 1
			}
		case ".":
			return 0
		}
	}
	return 0
}

func hasAnyWord(ws []word, lo, hi int, set map[string]bool) bool {
	for k := lo; k < hi && k < len(ws); k++ {
		if set[strings.ToLower(ws[k].Text)] {
			return true
		}
	}
	return false
}

// speakerMentions adds the quotation's speaker for first-person pronouns
// inside the quoted part of a sentence, keeping ments ordered by position.
func speakerMentions(q quoteScope, ws []word, low []string, ments []mention) []mention {
	if q.org == nil {
		return ments
	}
	added := false
	for k, w := range ws {
		if w.Start < q.lo || w.Start >= q.hi {
			continue
		}
		switch low[k] {
		case "we", "our", "us", "ours":
		default:
			continue
		}
		ments = append(ments, mention{org: q.org, surface: w.Text, wi: k, wj: k + 1, implicit: true})
		added = true
	}
	if added {
		sort.SliceStable(ments, func(a, b int) bool { return ments[a].wi < ments[b].wi })
	}
	return ments
}

var relationshipNouns = map[string]bool{
	"relationship": true, "partnership": true, "alliance": true, "collaboration": true, "partner": true,
	"partners": true, "cooperation": true, "ties": true,
}

// committedToRelationship reports "committed to the relationship", "remain
// fully committed to our partnership with X": loyalty to a relationship, not
// money committed.
func committedToRelationship(low []string, t int) bool {
	if low[t] != "committed" && low[t] != "commitment" || t+1 >= len(low) || low[t+1] != "to" {
		return false
	}
	if t+2 < len(low) && strings.HasSuffix(low[t+2], "ing") && triggerWords[low[t+2]] == trNone {
		return true // "remain committed to bringing X's models into Y": a pledge to do, not money
	}
	for k := t + 2; k < len(low) && k <= t+6; k++ {
		if relationshipNouns[low[k]] {
			return true
		}
		if low[k] == "," || low[k] == "." || low[k] == "$" || preps[low[k]] {
			return false
		}
	}
	return false
}

// spentTime reports "has spent two years running on X", "spent 18 months
// building": time spent, not money.
func spentTime(low []string, t int) bool {
	if low[t] != "spent" && low[t] != "spend" && low[t] != "spends" && low[t] != "spending" || t+2 >= len(low) {
		return false
	}
	n := low[t+1]
	if _, ok := wordValue[n]; !ok && (n == "" || n[0] < '0' || n[0] > '9') {
		return false
	}
	return timeNouns[low[t+2]] || low[t+2] == "year" || low[t+2] == "month"
}

// committedBefore reports "(remains) committed to the relationship" before
// the relationship noun at t: a reaffirmation.
func committedBefore(low []string, t int) bool {
	for k := t - 1; k >= 1 && k >= t-4; k-- {
		if low[k] == "to" && (low[k-1] == "committed" || low[k-1] == "commitment") {
			return hasAny(low, max(0, k-5), k, "remain", "remains", "remained", "stays", "stay", "reaffirmed", "reaffirms", "reiterated", "still", "fully")
		}
	}
	return false
}

// remainsPartner reads "X remains Y's largest cloud partner", "X will remain
// our main partner": the relationship is reaffirmed.
func remainsPartner(si *sentenceInfo, idx int) []frame {
	low := si.low
	for t := 1; t+2 < len(low); t++ {
		if low[t] != "remains" && low[t] != "remain" && low[t] != "remained" {
			continue
		}
		var a, b *mention
		for i := range si.ments {
			m := &si.ments[i]
			if m.brand {
				continue
			}
			if m.wj == t || m.wj == t-1 && (low[t-1] == "will" || low[t-1] == "still") {
				a = m
			}
			if m.wi == t+1 && (m.poss || m.wj < len(low) && (low[m.wj] == "'" || low[m.wj] == "’") || low[m.wi] == "our" || low[m.wi] == "its" || low[m.wi] == "their") {
				b = m
			}
		}
		if a == nil || b == nil || a.org == b.org {
			continue
		}
		for k := b.wj; k < len(low) && k <= b.wj+5; k++ {
			if low[k] == "partner" {
				return []frame{{typ: schemas.TypePartnership, action: schemas.ActionReaffirmed, partners: []*mention{a, b},
					score: 1, sent: idx, trig: t}}
			}
			if low[k] == "," || low[k] == "." || preps[low[k]] {
				break
			}
		}
	}
	return nil
}

// predicativeExclusiveTo reports "be/remain/no longer exclusive to" at the
// adjective t: what follows "to" holds the exclusive right.
func predicativeExclusiveTo(low []string, t int) bool {
	if low[t] != "exclusive" || t < 1 || t+1 >= len(low) || low[t+1] != "to" {
		return false
	}
	switch low[t-1] {
	case "be", "is", "are", "was", "were", "been", "being", "longer", "remain", "remains", "remained", "stay", "stays", "become", "becomes", "became":
		return true
	}
	return false
}

var dealValueNouns = []string{"contract", "contracts", "deal", "deals", "agreement", "agreements", "commitment", "pact",
	"order", "orders", "investment", "licence", "license", "purchase", "partnership", "transaction"}

// reDealValueOf ends in the value of a deal: "the value of the agreement at".
var reDealValueOf = regexp.MustCompile(`\bvalue of (?:the|this|that) (?:deal|agreement|contract|pact|arrangement)\b[^$€£]{0,24}$`)

// valuedAtQualifiers are the words that may stand between "valued at" and
// the amount: "valued at approximately $3 billion" (r9905, r9915).
var valuedAtQualifiers = []string{"about", "roughly", "up to", "over", "more than", "at least", "nearly", "around",
	"approximately", "an estimated", "almost", "close to", "some"}

// valuedAtQualified reports pre ending in "valued at" and one qualifier.
func valuedAtQualified(pre string) bool {
	for _, q := range valuedAtQualifiers {
		if rest, ok := strings.CutSuffix(pre, q); ok && strings.HasSuffix(rest, "valued at ") {
			return true
		}
	}
	return false
}

// dealValuedAt reports text ending in "<deal noun> (is/was) valued at",
// "<deal noun> worth" or "the value of the <deal noun> at": the amount that
// follows is the deal's, not a company valuation.
func dealValuedAt(pre string) bool {
	pre = strings.TrimRight(pre, " \u00a0")
	if strings.Contains(pre, "value of th") && reDealValueOf.MatchString(pre) {
		return true // "estimates the value of the deal at over $15 billion", as reDealValue reads it
	}
	var rest string
	switch {
	case strings.HasSuffix(pre, "valued at"):
		rest = strings.TrimSuffix(pre, "valued at")
	case valuedAtQualified(pre):
		rest = pre[:strings.LastIndex(pre, "valued at")]
	default:
		return false
	}
	rest = strings.TrimSpace(rest)
	if strings.HasSuffix(rest, " currently") || strings.HasSuffix(rest, " now") {
		return false // "an investment from Meituan, China's food delivery titan, currently valued at": a company's value (r10627)
	}
	// "the licensing agreement is reportedly valued at", "a deal potentially valued at"
	for _, adv := range []string{" potentially", " reportedly", " reported to be", " estimated to be", " said to be"} {
		rest = strings.TrimSuffix(rest, adv)
	}
	rest = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(rest, " is"), " was"), " were")
	rest = strings.TrimSuffix(rest, ",")
	for _, n := range dealValueNouns {
		if strings.HasSuffix(rest, " "+n) || rest == n {
			return true
		}
	}
	// The deal noun, then its counterparty or its object, then the value:
	// "a deal with Nscale valued at over $14 billion", "an agreement with AI
	// chip startup Cerebras Systems, valued at over", "an agreement to buy GPU
	// capacity from Nebius valued at". "An investment in Anthropic, valued
	// at" is the company's valuation: "in" is not among the links.
	ws := strings.Fields(rest)
	for k := max(0, len(ws)-9); k < len(ws)-1; k++ {
		if !slices.Contains(dealValueNouns, ws[k]) {
			continue
		}
		switch ws[k+1] {
		case "with", "to", "from":
			return true
		}
	}
	return false
}

// dropAttribution removes organisations named inside an attribution
// ("according to a filing by Zephyr's largest shareholder") when the
// sentence names others before it: a source is no party to the deal.
func dropAttribution(low []string, ments []mention) []mention {
	ments = dropReportedBy(low, dropReportingOutlets(low, ments))
	lo := -1
	for k := 0; k+1 < len(low); k++ {
		if low[k] == "according" && low[k+1] == "to" {
			lo = k
			break
		}
	}
	if lo < 0 {
		return ments
	}
	hi := len(low)
	for k := lo + 2; k < len(low); k++ {
		if low[k] == "," || low[k] == "." || low[k] == ";" {
			hi = k
			break
		}
	}
	before := 0
	for _, m := range ments {
		if m.wj <= lo && !m.implicit {
			before++
		}
	}
	if before < 2 {
		return ments
	}
	return dropMentionsIn(ments, lo, hi)
}

// dropMentionsIn returns the mentions that start outside words [lo, hi).
func dropMentionsIn(ments []mention, lo, hi int) []mention {
	return dropWhere(ments, func(i int) bool { return ments[i].wi >= lo && ments[i].wi < hi })
}

// trailingAdverbial cuts a trigger's clause before a trailing adverbial
// clause (", after Meta found that its sites would not be ready"): its
// modals and hedges qualify that clause, not the deal.
func trailingAdverbial(low []string, t, hi int) int {
	for k := t + 1; k+1 < min(hi, len(low)); k++ {
		if low[k] != "," {
			continue
		}
		switch low[k+1] {
		case "after", "because", "since", "although", "though", "as", "while", "when":
			return k
		case "with":
			// ", with options that could take the total to $19.4 billion": an
			// add-on to the stated deal, with a modality of its own
			if hasAny(low, k+2, min(hi, len(low), k+8), "that", "which") && hasAny(low, k+2, min(hi, len(low), k+10), "could", "may", "might") {
				return k
			}
		case "a", "an":
			// ", a move that could bolster ...": a comment on the deal, not its modality
			for j := k + 2; j < min(hi, len(low)) && j <= k+4; j++ {
				if low[j] == "that" || low[j] == "which" {
					if summaryNouns[low[j-1]] {
						return k
					}
					break
				}
			}
		}
		if strings.HasSuffix(low[k+1], "ing") && len(low[k+1]) > 5 && triggerWords[low[k+1]] == trNone {
			// ", adding joint work to the collaboration the two began last year": a
			// participle clause tells background, not the deal's modality
			return k
		}
	}
	return hi
}

// standingWords describe a partnership that already exists.
var standingWords = map[string]bool{
	"ongoing": true, "existing": true, "longstanding": true, "long-standing": true, "established": true,
	"decade-long": true, "years-long": true, "long-running": true, "longtime": true, "long-time": true,
}

// standingPartnership reports a partnership noun at t described as one that
// already stands: "our ongoing partnership with X", "beyond its longstanding
// partnership with OpenAI", "an established partnership". It restates, it
// forms nothing, unless a verb acts on it ("is expanding its existing
// partnership").
func standingPartnership(low []string, t int) bool {
	if t < 0 || t >= len(low) || !strings.HasPrefix(low[t], "partnership") && !strings.HasPrefix(low[t], "collaboration") && !strings.HasPrefix(low[t], "alliance") && !strings.HasPrefix(low[t], "relationship") {
		return false
	}
	for k := t - 1; k >= 0 && k >= t-5; k-- {
		if strings.HasPrefix(low[k], "expand") || strings.HasPrefix(low[k], "extend") || strings.HasPrefix(low[k], "deepen") ||
			strings.HasPrefix(low[k], "strengthen") || strings.HasPrefix(low[k], "renew") || strings.HasPrefix(low[k], "broaden") {
			return false // "is expanding its existing partnership with OpenAI": an act on it
		}
	}
	for k := t - 1; k >= 0 && k >= t-3; k-- {
		if standingWords[low[k]] || k > 0 && low[k-1] == "long" && low[k] == "-" && !(k+1 < len(low) && low[k+1] == "term") {
			// "long-standing", "long-running"; "a long-term partnership" is made now
			return true
		}
		if low[k] == "," || low[k] == "and" || preps[low[k]] {
			return false
		}
	}
	return false
}

// summaryNouns head an appositive that comments on the whole clause before
// it: ", a move that could ...", ", a step which may ...".
var summaryNouns = map[string]bool{"move": true, "step": true, "development": true, "decision": true, "shift": true, "sign": true, "signal": true}

var formingVerbs = map[string]bool{
	"formed": true, "signed": true, "struck": true, "agreed": true, "announced": true, "sealed": true, "launched": true,
	"forged": true, "entered": true, "inked": true,
}

// partnershipOfDeal reads "X will pay Y ... under a strategic partnership
// (that) the two companies formed on Tuesday": the deal's two parties formed
// a partnership. fs holds the sentence's frames so far.
func partnershipOfDeal(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	for _, f := range fs {
		if f.typ == schemas.TypePartnership {
			return nil
		}
	}
	for t := 2; t+2 < len(low); t++ {
		if low[t] != "partnership" && low[t] != "alliance" && low[t] != "collaboration" {
			continue
		}
		k := t - 1
		for k > 0 && k >= t-4 && low[k] != "a" && low[k] != "an" && low[k] != "under" {
			k--
		}
		if (low[k] != "a" && low[k] != "an") || k == 0 || low[k-1] != "under" && low[k-1] != "through" && low[k-1] != "as" {
			continue
		}
		// the formation told right after: "(that) the two companies formed", "(that) they signed"
		ok := false
		for j := t + 1; j < len(low) && j <= t+6; j++ {
			if formingVerbs[low[j]] {
				ok = hasAny(low, t+1, j, "they", "two", "both", "companies", "pair")
				break
			}
			if low[j] == "," || low[j] == "." {
				break
			}
		}
		if !ok {
			continue
		}
		for _, f := range fs {
			if f.typ == schemas.TypeCommitment && f.from != nil && f.to != nil && f.from.org != f.to.org {
				return []frame{{typ: schemas.TypePartnership, action: schemas.ActionFormed, partners: []*mention{f.from, f.to},
					score: 1.3, sent: idx, trig: t}}
			}
		}
	}
	return nil
}

var channelDealWords = map[string]bool{"distribution": true, "reseller": true, "resale": true, "marketing": true, "co-selling": true, "referral": true}

// endedChannelDeal reads "X terminated its distribution agreement with Y": a
// sales relationship ended, which is a partnership ending, not money
// committed. It replaces an amount-less commitment frame of the same deal.
func endedChannelDeal(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	for t := 1; t+1 < len(low); t++ {
		if !channelDealFilter.mayHold(low[t]) || !channelDealWords[low[t]] || triggerWords[low[t+1]] != trDeal {
			continue
		}
		end := false
		for k := t - 1; k >= 0 && k >= t-4; k-- {
			switch low[k] {
			case "terminated", "terminates", "ended", "ends", "cancelled", "canceled", "scrapped", "exited", "ending", "terminating":
				end = true
			}
		}
		if !end {
			continue
		}
		var a, b *mention
		for i := range si.ments {
			m := &si.ments[i]
			if m.brand {
				continue
			}
			if m.wj <= t && (m.wi == 0 || !preps[low[m.wi-1]]) {
				a = m
			}
			if b == nil && m.wi > t+1 && m.wi <= t+4 && low[m.wi-1] == "with" {
				b = m
			}
		}
		if a == nil || b == nil || a.org == b.org {
			continue
		}
		kept := fs[:0:0]
		for _, f := range fs {
			if f.typ == schemas.TypeCommitment && f.money == nil && f.capacity == nil && f.from != nil && f.to != nil &&
				(f.from.org == a.org && f.to.org == b.org || f.from.org == b.org && f.to.org == a.org) {
				continue
			}
			kept = append(kept, f)
		}
		for _, f := range kept {
			if f.typ == schemas.TypePartnership {
				return kept
			}
		}
		return append(kept, frame{typ: schemas.TypePartnership, action: schemas.ActionEnded, partners: []*mention{a, b}, score: 1.3, sent: idx, trig: t})
	}
	return fs
}

// dropFormerEmployers removes organisations named as someone's former
// employer ("founded by former researchers at Google and Apple", "former
// Google engineers"): they are no party to the sentence's deal.
func dropFormerEmployers(low []string, ments []mention) []mention {
	has := false
	for _, w := range low {
		if w == "former" || w == "ex" || w == "alumni" {
			has = true
			break
		}
	}
	if !has {
		return ments
	}
	drop := func(m mention) bool {
		if m.implicit || m.wi == 0 {
			return false
		}
		for k := m.wi - 1; k >= 0 && k >= m.wi-5; k-- {
			switch low[k] {
			case "former", "ex", "alumni":
				// "former Google engineers", "ex-OpenAI staff", "alumni of
				// Google": an employer only where people are named; "Former
				// rivals Microsoft and Google" are the organisations themselves.
				return low[k] == "alumni" || formerPeople(low, k+1, m.wi) || formerPeople(low, m.wj, m.wj+5)
			case ",", ".", ";", "said", "and":
				if low[k] == "and" && k > 0 {
					continue // "former researchers at Google and Apple"
				}
				return false
			}
		}
		return false
	}
	out := ments[:0:0]
	for _, m := range ments {
		if !drop(m) {
			out = append(out, m)
		}
	}
	return out
}

// peopleNouns name people by their work: "former researchers at Google".
var peopleNouns = map[string]bool{
	"employee": true, "employees": true, "staff": true, "staffer": true, "staffers": true, "researcher": true,
	"researchers": true, "engineer": true, "engineers": true, "executive": true, "executives": true, "exec": true,
	"execs": true, "scientist": true, "scientists": true, "founders": true, "cofounder": true, "leader": true,
	"leaders": true, "manager": true, "managers": true, "directors": true, "official": true, "officials": true,
	"worker": true, "workers": true, "colleagues": true, "veteran": true, "veterans": true, "members": true,
	"people": true, "insiders": true, "boss": true, "vp": true, "coo": true, "developers": true,
}

// formerPeople reports a word naming people in [lo, hi): "former
// researchers at", as opposed to "former rivals".
func formerPeople(low []string, lo, hi int) bool {
	for k := max(lo, 0); k < min(hi, len(low)); k++ {
		if peopleNouns[low[k]] || titleWords[low[k]] {
			return true
		}
	}
	return false
}

// rightToVerb reports a verb that names what a right allows: "won exclusive
// rights to host H's agents", "the right to sell": a right, not a purchase.
func rightToVerb(low []string, t int) bool {
	switch low[t] {
	case "won", "wins", "win", "secured", "secures", "landed", "lands", "obtained", "gained", "gains":
		// "won exclusive rights to host ...": the object is a right
		for k := t + 1; k < len(low) && k <= t+3; k++ {
			if low[k] == "rights" || low[k] == "right" {
				return true
			}
			if low[k] == "$" || low[k] == "," {
				break
			}
		}
	}
	if t < 2 || low[t-1] != "to" {
		return false
	}
	switch low[t-2] {
	case "right", "rights", "licence", "license", "permission":
		return true
	}
	return false
}

// possessedPartnership reads "Y will be the exclusive provider for ..., and
// we are extending our partnership to cover ...": "our/its partnership" is
// the possessor's partnership with the one other organisation of the
// sentence. It adds nothing when the sentence already has a partnership.
func possessedPartnership(si *sentenceInfo, idx int, fs []frame) []frame {
	for _, f := range fs {
		if f.typ == schemas.TypePartnership {
			return nil
		}
	}
	low := si.low
	for t := 1; t < len(low); t++ {
		if low[t] != "partnership" && low[t] != "collaboration" && low[t] != "alliance" {
			continue
		}
		if low[t-1] != "our" && low[t-1] != "its" && low[t-1] != "their" {
			continue
		}
		action, cued := partnershipAction(low, max(0, t-4), t)
		if !cued || action == schemas.ActionFormed {
			continue
		}
		var owner, other *mention
		n := 0
		for i := range si.ments {
			m := &si.ments[i]
			if m.wi == t-1 {
				owner = m
			}
		}
		if owner == nil {
			continue
		}
		for i := range si.ments {
			m := &si.ments[i]
			if m.brand || m.implicit || m.org == owner.org {
				continue
			}
			if other == nil || other.org != m.org {
				n++
			}
			other = m
		}
		if n != 1 {
			continue
		}
		return []frame{{typ: schemas.TypePartnership, action: action, partners: []*mention{owner, other}, score: 1.2, sent: idx, trig: t}}
	}
	return nil
}

// appendNewOrg appends m unless a mention of its organisation is in ms.
func appendNewOrg(ms []*mention, m *mention) []*mention {
	for _, o := range ms {
		if o.org == m.org {
			return ms
		}
	}
	return append(ms, m)
}

// outletVerbs are what a news outlet does with a story.
var outletVerbs = map[string]bool{"reports": true, "reported": true, "said": true, "says": true, "wrote": true, "writes": true, "cited": true}

// dropReportingOutlets removes a news outlet (an owner of content) that
// reports the deal: "The Financial Times reports that OpenAI has signed
// agreements with Nvidia, AMD and Oracle" (r4075), "xAI is preparing to
// raise more money ..., the Financial Times reported" (r4089). An outlet
// that tells its own deal ("News Corp said it signed a licensing deal with
// OpenAI") names no two other organisations after its verb, and stays.
func dropReportingOutlets(low []string, ments []mention) []mention {
	found := false
	for _, m := range ments {
		if !m.implicit && m.org.Content && m.wj < len(low) && outletVerbs[low[m.wj]] {
			found = true
			break
		}
	}
	if !found {
		return ments // (the cheap test first: most sentences name no outlet that reports)
	}
	out := ments[:0:0]
	for i, m := range ments {
		if m.implicit || !m.org.Content || m.wj >= len(low) {
			out = append(out, m)
			continue
		}
		v := m.wj
		drop := false
		if outletVerbs[low[v]] {
			before, after := map[*Org]bool{}, map[*Org]bool{}
			for j, c := range ments {
				if j == i || c.implicit || c.org == m.org {
					continue
				}
				if c.wj <= m.wi {
					before[c.org] = true
				} else if c.wi > v {
					after[c.org] = true
				}
			}
			// "..., the Financial Times reported": told after the deal's party
			told := m.wi > 0 && (low[m.wi-1] == "," || low[m.wi-1] == "the" && m.wi > 1 && low[m.wi-2] == ",")
			drop = told && len(before) > 0 || !told && len(after) >= 2
		}
		if !drop {
			out = append(out, ments[i])
		}
	}
	return out
}

// dropReportedBy removes the source of "as reported by the Financial Times,
// X joined ...": the outlet that reports is no party of the deal.
func dropReportedBy(low []string, ments []mention) []mention {
	lo, hi := -1, -1
	for k := 0; k+2 < len(low); k++ {
		if low[k] == "as" && (low[k+1] == "reported" || low[k+1] == "first" && low[k+2] == "reported") {
			lo = k
			break
		}
	}
	if lo < 0 {
		return ments
	}
	for k := lo + 2; k < len(low) && k <= lo+10; k++ {
		if low[k] == "," {
			hi = k
			break
		}
	}
	if hi < 0 {
		return ments
	}
	return dropMentionsIn(ments, lo, hi) // "as reported by" itself names no one
}
