package extract

import (
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Robustness helpers for phrasing the tuning corpora did not show.

// openerWords are common words that open a sentence capitalised before a
// name: "Former rivals ...", "Meanwhile Acme ...", "Longtime partner ...".
var openerWords = map[string]bool{
	"former": true, "meanwhile": true, "separately": true, "longtime": true, "fellow": true, "rival": true,
	"startup": true, "newcomer": true, "upstart": true, "veteran": true, "chipmaker": true, "however": true,
	"elsewhere": true, "still": true, "now": true, "today": true, "yesterday": true, "later": true, "earlier": true,
	"together": true, "then": true, "instead": true, "indeed": true, "likewise": true, "similarly": true,
	"moreover": true, "further": true, "furthermore": true, "besides": true, "overall": true, "cloud": true,
	"chip": true, "software": true, "tech": true, "social": true, "search": true, "media": true, "internet": true,
	"memory": true, "smartphone": true, "ecommerce": true, "e-commerce": true, "giant": true, "hyperscaler": true,
	"ex": true, "young": true, "small": true, "big": true, "large": true, "major": true, "top": true, "key": true,
	"struggling": true, "embattled": true, "rival-turned-partner": true, "existing": true, "current": true,
	"longstanding": true, "long-standing": true, "lead": true, "new": true, "other": true, "another": true,
}

// sentenceAdverbs open a sentence before a comma ("However, the company
// ...", "Recently, the firm granted ..."): never a name, whatever follows.
var sentenceAdverbs = map[string]bool{
	"however": true, "meanwhile": true, "separately": true, "elsewhere": true, "still": true, "now": true,
	"today": true, "yesterday": true, "later": true, "earlier": true, "then": true, "instead": true, "indeed": true,
	"likewise": true, "similarly": true, "moreover": true, "further": true, "furthermore": true, "besides": true,
	"overall": true, "additionally": true, "finally": true, "first": true, "second": true, "third": true,
	"recently": true, "initially": true, "notably": true, "currently": true, "interestingly": true,
	"collectively": true, "specifically": true, "originally": true, "previously": true, "subsequently": true,
	"ultimately": true, "importantly": true, "consequently": true, "accordingly": true, "alternatively": true,
	"reportedly": true, "historically": true, "traditionally": true, "typically": true, "eventually": true,
	"lastly": true, "secondly": true, "thirdly": true, "nevertheless": true, "nonetheless": true, "therefore": true,
	"thus": true, "hence": true,
}

// commonOpener reports whether the capitalised first word of a sentence is
// an ordinary word (adverb, adjective, descriptive noun) rather than the
// start of a name: listed openers, adverbs in -ly, participles in -ing/-ed,
// and words the article also writes in lower case.
func commonOpener(w string, lowerSeen map[string]bool) bool {
	l := strings.ToLower(w)
	if openerWords[l] || lowerSeen[l] {
		return true
	}
	if len(l) > 5 && (strings.HasSuffix(l, "ly") || strings.HasSuffix(l, "ing") || strings.HasSuffix(l, "ed")) {
		return true
	}
	return false
}

// lowerWords collects the words an article writes in lower case.
func lowerWords(all [][]word) map[string]bool {
	n := 0
	for _, ws := range all {
		n += len(ws)
	}
	seen := make(map[string]bool, n/3) // sized once: an article repeats most of its words
	for _, ws := range all {
		for _, w := range ws {
			if w.Text != "" && !isCapitalised(w.Text) {
				seen[w.Text] = true
			}
		}
	}
	return seen
}

// distributionVerbs are the verbs modelDistribution reads as a distribution
// partnership ("AWS will host Anthropic's models").
var distributionVerbs = map[string]bool{
	"offer": true, "offers": true, "offering": true, "host": true, "hosts": true, "hosting": true, "distribute": true,
	"distributes": true, "resell": true, "resells": true, "integrate": true, "integrates": true, "add": true,
	"adds": true, "adding": true,
}

// paidDistribution drops a partnership read from a distribution verb when
// the sentence also commits money or capacity between the same two
// organisations: "X won a $300 million contract to host Y's models" is a
// plain contract, and plain contracts give commitments only (LABELING.md).
// Partnership wording ("partnership", "collaboration", "alliance") is kept.
func paidDistribution(si *sentenceInfo, fs []frame) []frame {
	paid := func(p frame) bool {
		return len(p.partners) == 2 && commitmentBetween(fs, p.partners[0].org, p.partners[1].org)
	}
	return dropWhere(fs, func(i int) bool {
		f := fs[i]
		return f.typ == schemas.TypePartnership && f.trig >= 0 && f.trig < len(si.low) && distributionVerbs[si.low[f.trig]] && paid(f)
	})
}

// dropWhere returns xs without the elements drop reports by index. It
// allocates only when one is dropped: the stages that rarely drop anything
// run on every sentence.
func dropWhere[T any](xs []T, drop func(i int) bool) []T {
	for i := range xs {
		if drop(i) {
			out := make([]T, i, len(xs)-1)
			copy(out, xs[:i])
			for j := i + 1; j < len(xs); j++ {
				if !drop(j) {
					out = append(out, xs[j])
				}
			}
			return out
		}
	}
	return xs
}

// coordinatedSellers gives each of coordinated suppliers its own
// commitment: "Samsung and SK Hynix agreed to supply memory to OpenAI" is a
// purchase from Samsung and one from SK Hynix. A stated amount is the
// sellers' combined figure, so when the share of each is not stated every
// seller's commitment has no amount.
func coordinatedSellers(si *sentenceInfo, fs []frame) []frame {
	n := len(fs)
	for i := 0; i < n; i++ {
		f := fs[i]
		if f.typ != schemas.TypeCommitment || f.kind == schemas.KindInvestment || f.to == nil || f.from == nil || f.to.implicit ||
			f.trig < 0 || f.trig >= len(si.low) || triggerWords[si.low[f.trig]] != trSeller || f.to.wi >= f.trig {
			continue
		}
		lo, hi := clauseBounds(si.low, f.trig)
		others := coordinatedBefore(si, mentionsIn(si.ments, min(lo, f.to.wi), hi), f.to)
		fs = spreadOverList(fs, i, others, func(g *frame, m *mention) { g.to = m })
	}
	return fs
}

// coordinatedBuyers gives each of coordinated buyers its own purchase:
// "Chinese companies including ByteDance, Alibaba Group and Tencent
// Holdings have placed at least $16 billion in orders for Nvidia's H20
// chips" (r5701), "ByteDance, Alibaba Group and Tencent Holdings are among
// companies that have been buying up the most advanced Nvidia AI chips"
// (r4987) are purchases by each, of the one combined figure, so none gets
// the amount. The list must be the clause's subject (subjectList).
func coordinatedBuyers(si *sentenceInfo, fs []frame) []frame {
	n := len(fs)
	for i := 0; i < n; i++ {
		f := fs[i]
		if f.typ != schemas.TypeCommitment || f.kind == schemas.KindInvestment || f.to == nil || f.from == nil || f.from.implicit ||
			f.trig < 0 || f.trig >= len(si.low) || triggerWords[si.low[f.trig]] != trBuyer || f.from.wi >= f.trig || f.from.poss || !subjectList(si, f.from) {
			continue // (a verb must follow the list: not "HPE's purchase of Juniper")
		}
		lo, hi := clauseBounds(si.low, f.trig)
		others := coordinatedBefore(si, mentionsIn(si.ments, min(lo, f.from.wi), hi), f.from)
		fs = spreadOverList(fs, i, others, func(g *frame, m *mention) { g.from = m })
	}
	return fs
}

// spreadOverList gives each organisation of a list its own copy of frame
// fs[i] (set puts the organisation in its role), with no amount: an amount
// stated once is the list's total, so the original loses it too.
func spreadOverList(fs []frame, i int, others []*mention, set func(*frame, *mention)) []frame {
	f := fs[i]
	added := false
	for _, m := range others {
		if m.org == f.to.org || m.org == f.from.org || m.brand || m.implicit {
			continue
		}
		g := f
		set(&g, m)
		g.money, g.untold = nil, true
		fs = append(fs, g)
		added = true
	}
	if added {
		fs[i].money, fs[i].untold = nil, true
	}
	return fs
}

// coordinatedRecipients gives each buyer of a list its own deal: "Nvidia will
// supply its GPUs to Samsung, SK Group, Hyundai and Naver" is four compute
// commitments, one per buyer. An amount stated once is the list's total, so
// no buyer gets it.
func coordinatedRecipients(si *sentenceInfo, fs []frame) []frame {
	n := len(fs)
	for i := 0; i < n; i++ {
		f := fs[i]
		if f.typ != schemas.TypeCommitment || f.kind == schemas.KindInvestment || f.to == nil || f.from == nil || f.from.implicit ||
			f.from.wi == 0 || si.low[f.from.wi-1] != "to" || f.trig < 0 || f.trig >= f.from.wi {
			continue
		}
		_, hi := clauseBounds(si.low, f.trig)
		others := coordinatedAfter(si, mentionsIn(si.ments, f.from.wi, hi), f.from)
		fs = spreadOverList(fs, i, others, func(g *frame, m *mention) { g.from = m })
	}
	return fs
}

// coordinatedChipBuyers reads coordinated buyers of hardware: "Samsung, SK
// and Hyundai will each install up to 50,000 of Nvidia's GPUs" is three
// purchases from the maker, not a deal between two of the buyers. The maker
// is the one named with the hardware in the sentence, the one named with its
// hardware in the two sentences before, or a chipmaker named in the sentence
// before; without one, no deal is read.
func coordinatedChipBuyers(si, prev *sentenceInfo, st *frameState, fs []frame) []frame {
	var out []frame
	for i, f := range fs {
		split, ok := splitChipBuyers(si, f, func() *mention {
			if st.lastMaker != nil && si.idx-st.lastMakerSent <= 2 {
				return st.lastMaker
			}
			if prev != nil {
				for i := range prev.ments {
					if m := &prev.ments[i]; !m.implicit && m.org.Kind == kindChip {
						return m // "Nvidia said it will supply its GPUs to ..."
					}
				}
			}
			return nil
		})
		if !ok {
			if out != nil {
				out = append(out, f)
			}
			continue
		}
		if out == nil {
			out = append(make([]frame, 0, len(fs)+len(split)), fs[:i]...) // the first split: copy what came before
		}
		out = append(out, split...)
	}
	if out == nil {
		return fs // nothing split: no copy
	}
	return out
}

// splitChipBuyers splits a compute frame between two buyers of one list
// ("A, B and C will each install ...") into one purchase per buyer from the
// hardware's maker: the brand named in the sentence, else earlier(). ok is
// false when f is no such frame; the split is empty when no maker is known.
func splitChipBuyers(si *sentenceInfo, f frame, earlier func() *mention) (split []frame, ok bool) {
	if f.typ != schemas.TypeCommitment || f.kind != schemas.KindCompute || f.from == nil || f.to == nil ||
		f.from.implicit || f.to.implicit || f.from.brand || f.to.brand || !eachAfter(si.low, max(f.from.wj, f.to.wj), f.trig) {
		return nil, false
	}
	ms := mentionPtrs(si)
	if !coordinatedWith(si, ms, f.from, f.to) {
		return nil, false
	}
	var maker *mention
	for _, m := range ms {
		if m.brand && !m.implicit {
			maker = m
			break
		}
	}
	if maker == nil {
		if e := earlier(); e != nil {
			maker = carriedMention(e, f.trig, len(si.low))
		}
	}
	if maker == nil {
		return nil, true
	}
	buyers := append([]*mention{f.from}, coordinatedBefore(si, ms, f.from)...)
	buyers = append(buyers, coordinatedAfter(si, ms, f.from)...)
	seen := map[*Org]bool{maker.org: true}
	for _, b := range buyers {
		if seen[b.org] || b.brand || b.implicit {
			continue
		}
		seen[b.org] = true
		g := f
		g.from, g.to, g.money, g.extraFrom, g.participants = b, maker, nil, nil, nil
		split = append(split, g)
	}
	return split, true
}

// eachAfter reports "each" between the end of a subject list at j and the
// deal's verb at t: "A, B and C will each install ...".
func eachAfter(low []string, j, t int) bool {
	for k := j; k < len(low) && k <= t+1; k++ {
		if low[k] == "each" {
			return true
		}
	}
	return false
}

// respectiveAmounts gives each investor of a coordinated list its own
// amount: "Hyundai and Kia will invest $50 million ($30M and $20M,
// respectively)", "A and B are investing $100 million and $90 million,
// respectively". The amounts are the ones right before "respectively", in
// the order of the investors.
func respectiveAmounts(si *sentenceInfo, fs []frame) []frame {
	resp := slices.Index(si.low, "respectively")
	if resp < 0 {
		return fs
	}
	var idx []int // the sentence's investments to one company, in the order their investors are named
	for i, f := range fs {
		if f.typ != schemas.TypeCommitment || f.kind != schemas.KindInvestment || f.from == nil || f.to == nil || f.from.implicit || f.from.wi > resp {
			continue
		}
		if len(idx) > 0 && fs[idx[0]].to.org != f.to.org {
			return fs
		}
		idx = append(idx, i)
	}
	if len(idx) < 2 {
		return fs
	}
	slices.SortFunc(idx, func(a, b int) int { return fs[a].from.wi - fs[b].from.wi })
	var amounts []*Money // the amounts before "respectively", after the last investor
	last := fs[idx[len(idx)-1]].from.wj
	for k := range si.money {
		m := &si.money[k]
		if w := wordIndexAt(si.ws, m.Start); m.Value != nil && w >= last && w < resp {
			amounts = append(amounts, m)
		}
	}
	if len(amounts) < len(idx) {
		return fs
	}
	amounts = amounts[len(amounts)-len(idx):] // "$50 million ($30M and $20M, respectively)": the last ones
	for n, i := range idx {
		fs[i].money = amounts[n]
	}
	return fs
}

// carriedMention copies a mention named in an earlier sentence for use in
// the sentence whose word t refers back to it ("Thrive invested $1 billion"
// after "OpenAI raised $40 billion"). The copy is implicit and takes word
// indexes of the current sentence: the earlier sentence's indexes may lie
// beyond this sentence's end.
func carriedMention(m *mention, t, n int) *mention {
	c := *m
	c.implicit, c.poss, c.brand = true, false, false
	t = max(0, min(t, n))
	c.wi, c.wj = t, t
	return &c
}

// passiveRoundLead reads a round named before its passive lead: "The Series
// F round in Anthropic was led by Iconiq and Fidelity", "The round, which
// values Halcyon at $28 billion, was led by Nvidia". The leads invest in the
// company raising: the one named in the round's phrase ("in X", "X's
// Series F round"), else the company that raised in the sentences before.
// No amount: the round's total is not the lead's.
func passiveRoundLead(si *sentenceInfo, st *frameState, t int) (leads []*mention, investee *mention) {
	low := si.low
	switch low[t] {
	case "round", "funding", "financing":
	default:
		return nil, nil
	}
	ms := mentionPtrs(si)
	at := func(k int) *mention {
		for _, m := range ms {
			if m.wi == k && !m.brand {
				return m
			}
		}
		return nil
	}
	k := t + 1
	if k+1 < len(low) && (low[k] == "in" || low[k] == "for" || low[k] == "of") {
		if m := at(k + 1); m != nil && !m.implicit {
			investee, k = m, m.wj
		}
	}
	if k < len(low) && low[k] == "," {
		// a parenthetical: ", which values the company at $28 billion,"
		e := k + 1
		for e < len(low) && e < k+20 && low[e] != "," && low[e] != "." && low[e] != ";" {
			e++
		}
		if e >= len(low) || low[e] != "," {
			return nil, nil
		}
		for q := k + 1; q+1 < e && investee == nil; q++ {
			if low[q] == "values" || low[q] == "valued" || low[q] == "valuing" {
				if m := at(q + 1); m != nil && !m.implicit {
					investee = m // ", which values Anthropic at $183 billion,"
				}
			}
		}
		k = e + 1
	}
	switch {
	case k+1 < len(low) && (low[k] == "was" || low[k] == "is" || low[k] == "were"):
		k++
	case k+2 < len(low) && low[k] == "has" && low[k+1] == "been":
		k += 2
	default:
		return nil, nil
	}
	if !(k+1 < len(low) && (low[k] == "led" || low[k] == "co-led" || low[k] == "anchored" || low[k] == "spearheaded") && low[k+1] == "by") {
		return nil, nil
	}
	if investee == nil {
		// "Anthropic's Series F round", "the company's $13 billion round"
		for _, m := range ms {
			if m.poss && m.wj < t && m.wj >= t-6 {
				investee = m
			}
		}
	}
	if investee == nil && st.lastInvestee != nil && si.idx-st.lastInvesteeSent <= roundReach {
		investee = carriedMention(st.lastInvestee, t, len(low))
	}
	if investee == nil {
		return nil, nil
	}
	var first *mention
	for _, m := range ms {
		if m.wi > k+1 && m.wi <= k+7 && !m.brand && !m.implicit && m.org != investee.org {
			first = m
			break
		}
	}
	if first == nil {
		return nil, nil
	}
	leads = append(leads, first)
	for _, m := range coordinatedAfter(si, ms, first) {
		if m.org != investee.org && !m.brand {
			leads = append(leads, m)
		}
	}
	// "... was led by Inovia and joined by other investors such as DTCP and
	// SentinelOne": the participants invest too, with no amount either
	for _, m := range roundParticipants(si, ms, first.wj, len(low)) {
		if m.org != investee.org && !m.brand && !slices.Contains(leads, m) {
			leads = append(leads, m)
		}
	}
	return leads, investee
}

// jointSelling drops a sale read from "the two companies will sell jointly
// to regulated industries": selling together is a co-selling partnership,
// not one party buying from the other.
func jointSelling(si *sentenceInfo, fs []frame) []frame {
	return dropWhere(fs, func(i int) bool {
		f, t := &fs[i], fs[i].trig
		return f.typ == schemas.TypeCommitment && f.money == nil && t >= 0 && t < len(si.low) && triggerWords[si.low[t]] == trSeller &&
			(hasAny(si.low, t+1, min(len(si.low), t+3), "jointly", "together") || hasAny(si.low, max(0, t-2), t, "jointly", "co"))
	})
}

// vagueGroups are plural nouns that name unnamed organisations: "AI
// developers", "startups", "enterprise customers".
var vagueGroups = map[string]bool{
	"developers": true, "startups": true, "start-ups": true, "companies": true, "customers": true, "firms": true,
	"businesses": true, "enterprises": true, "clients": true, "users": true, "labs": true, "rivals": true,
	"competitors": true, "others": true, "players": true, "builders": true, "tenants": true,
}

// vagueCounterparty drops a commitment whose later party is named only
// inside a relative clause describing an unnamed group: "Crusoe will rent
// the capacity to AI developers that want to avoid Nvidia's queues" rents
// to the developers, not to Nvidia (LABELING.md: vague parties make no
// event).
func vagueCounterparty(si *sentenceInfo, fs []frame) []frame {
	low := si.low
	return dropWhere(fs, func(i int) bool {
		f := &fs[i]
		if f.typ != schemas.TypeCommitment || f.from == nil || f.to == nil {
			return false
		}
		later := f.to
		if f.from.wi > later.wi {
			later = f.from
		}
		for k := f.trig + 2; k < later.wi && k < len(low); k++ {
			if (low[k] == "that" || low[k] == "who" || low[k] == "which") && vagueGroups[low[k-1]] {
				return !later.implicit
			}
		}
		return false
	})
}

// reportedClauseSubject is the organisation named right after a reporting
// verb ("Anthropic said Microsoft will invest ..."): the subject of the
// reported clause, which a later "the company" does not refer to.
func reportedClauseSubject(out []mention, low []string) *Org {
	for k := len(out) - 1; k >= 0; k-- {
		m := out[k]
		if m.implicit || m.brand || m.wi == 0 {
			continue
		}
		switch low[m.wi-1] {
		case "said", "says", "that", "announced", "confirmed":
			return m.org
		}
		return nil
	}
	return nil
}
