package extract

import (
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// commitRead is what commitmentFrame's readers, one per class of trigger
// word, share: the trigger's clause, the frame being filled and the amount
// it may carry (a reader drops it when the amount is not the party's own).
// done is a finished frame to return as it is.
type commitRead struct {
	si, prev *sentenceInfo
	st       *frameState
	ms       []*mention
	lo, hi   int
	t        int
	w        string
	cls      trClass
	f        frame
	money    *Money
	capa     *Capacity
	done     *frame
}

// betWords put money on a company: "Nvidia bets $1 billion on Nokia",
// "Microsoft's $10 billion bet on OpenAI". With an amount only: a bet
// without one is a strategy ("betting on AI agents").
var betWords = map[string]bool{"bet": true, "bets": true, "betting": true}

// readInvestment reads the investor and investee of "invest", "stake",
// "back": "X invested $N in Y", "backed by X". It fills r.f and reports
// false when the clause states no such commitment.
func readInvestment(r *commitRead) bool {
	si, st, ms, lo, hi, t, w, cls, low := r.si, r.st, r.ms, r.lo, r.hi, r.t, r.w, r.cls, r.si.low
	if personPossessor(si, ms, t) {
		return false // "CEO Daniel Ek's investment in Helsing": a person's own
	}
	if betWords[w] && r.money == nil {
		return false // "Microsoft is betting on AI agents": a strategy, no stake
	}
	from := agentAfter(si, ms, t, hi)
	subj := subjectBefore(si, ms, lo, t)
	if subj != nil && titledPersonAfter(si, subj) {
		return false // "Spotify's chief executive Daniel Ek invested": the person invests, not the company
	}
	if subj == nil {
		subj = borrowedSubject(si, lo)
	}
	if by, partner := byParticiple(si, t); by != nil && from == nil && (subj == nil || subj.org == by.org || partner != nil && subj.org == partner.org) {
		// "By investing $150 million into Sarvam, HCLTech is ...", "X entered a
		// partnership with Y by investing €1.3 billion": the main clause's
		// subject invests, in the participle's object or else the partner
		to := objectAfter(si, ms, t, hi, by.org, "in", "into")
		if to == nil {
			to = partner
		}
		if to == nil || to.org == by.org {
			return false
		}
		r.f.from, r.f.to, r.f.kind = by, to, schemas.KindInvestment
		return true
	}
	if from == nil && subj != nil && isNoun(w) {
		// "Mistral has landed a €600 million investment from General Catalyst",
		// "a $2 billion equity investment from Japanese technology giant SoftBank
		// Group" (r4262), "after $2 billion investment by Japan's SoftBank" (r4263)
		investor := objectAfter(si, ms, t, min(hi, t+9), subj.org, "from")
		if investor == nil && t+1 < len(low) && low[t+1] == "by" {
			investor = objectAfter(si, ms, t, min(hi, t+6), subj.org, "by") // not "a stake held by its former chairman"
		}
		if investor != nil {
			r.f.from, r.f.to, r.f.kind = investor, subj, schemas.KindInvestment
			return true
		}
	}
	if from == nil {
		from = subj
	}
	if from == nil {
		return false
	}
	to := objectAfter(si, ms, t, hi, from.org, "in", "into")
	if betWords[w] {
		to = objectAfter(si, ms, t, hi, from.org, "on") // "bets $1 billion on Nokia"
	}
	if to == nil && (cls == trBack || strings.HasPrefix(w, "financ") || strings.HasPrefix(w, "fund")) {
		// the direct object only: not "backing the developer behind the campus that houses OpenAI's site"
		to = objectAfter(si, ms, t, nounPhraseEnd(si, t, hi), from.org)
		if to != nil && to.wj < len(low) && signedNouns[low[to.wj]] {
			// "raise $2 billion in debt to fund the Microsoft deal": the deal is funded, not Microsoft
			return false
		}
	}
	if to == nil {
		to = relativeInAntecedent(si, lo) // "the company in which Meta invested"
	}
	if to == nil && subj != nil && subj.org != from.org {
		to = subj
	}
	if to == nil {
		// "invest $40 billion in Nvidia chips": buying a maker's hardware is compute
		if m := investedInHardware(si, ms, t, hi, from.org); m != nil {
			r.f.from, r.f.to, r.f.kind = from, m, schemas.KindCompute
			return true
		}
		// "investing $5.8 billion in GPUs and equipment from Dell": a purchase from the seller
		if m := hardwareBoughtFrom(si, ms, t, hi, from.org); m != nil {
			r.f.from, r.f.to, r.f.kind = from, m, schemas.KindCompute
			return true
		}
	}
	if to == nil && hasPrefixAny(low, t, min(hi, t+10), "infrastructure", "data", "comput", "capacity", "cluster", "chips", "gpu") {
		// "invest $50 billion in computing infrastructure, building data centres with Fluidstack"
		// (not "with Meta as the anchor tenant": a role, not a builder)
		if m := objectAfter(si, ms, t, hi, from.org, "with", "alongside"); m != nil && !(m.wj < len(low) && low[m.wj] == "as") {
			r.f.from, r.f.to, r.f.kind = from, m, schemas.KindCompute
			return true
		}
	}
	fundsThing := (strings.HasPrefix(w, "fund") || strings.HasPrefix(w, "financ")) && r.money == nil && t+1 < len(low) && !hasAny(low, t+1, t+2, ",", ".", "the", "round")
	putIn := strings.HasPrefix(w, "put") && t+1 < len(low) && low[t+1] == "in" // "which put in €1.3 billion": a particle
	if to == nil && st.lastInvestee != nil && si.idx-st.lastInvesteeSent <= 3 && st.lastInvestee.org != from.org && (putIn || !hasAny(low, t+1, min(hi, t+5), "in", "into")) && !fundsThing {
		// (not "to fund construction": what is funded is named, and not an organisation)
		// "Thrive invested about $1.3 billion" after "OpenAI closed a round led by Thrive"
		// (but not "invest in AI labs": the investee is named, and not an organisation)
		to = carriedMention(st.lastInvestee, t, len(low))
	}
	if to == nil {
		return false
	}
	r.f.from, r.f.to, r.f.kind = from, to, schemas.KindInvestment
	if from == subj {
		// "Nvidia and SoftBank also invested": every coordinated investor
		for _, m := range coordinatedBefore(si, ms, possessorOf(si, subj)) {
			if m.org != to.org && m.org != from.org {
				r.f.participants = append(r.f.participants, m)
			}
		}
		if len(r.f.participants) > 0 && r.money != nil && distributive(si, r.money, subj.wj, t) {
			// "SoftBank and Nvidia will each invest $30 billion": the amount is every investor's own
			r.f.extraFrom, r.f.participants = append(r.f.extraFrom, r.f.participants...), nil
		} else if len(r.f.participants) > 0 {
			r.f.money, r.money, r.f.untold = nil, nil, true // "Nvidia and Microsoft will invest up to $15 billion": no one's own share
		}
	}
	return true
}

// readRaise reads the raiser and its investors: "Y raised $N from X", "a
// round led by X". It fills r.f and reports false when the clause states no
// such commitment.
func readRaise(r *commitRead) bool {
	si, st, ms, lo, hi, t, low := r.si, r.st, r.ms, r.lo, r.hi, r.t, r.si.low
	if receivedOtherThanMoney(low, t, hi) {
		return false // "received clearance from CFIUS", "received competitive offers from other AI companies"
	}
	for k := max(0, t-8); k < t; k++ {
		if leadVerbs[low[k]] && roundNounAfter(low, k) == t {
			return false // "X is leading the $50 million round": X invests (roundInvestors)
		}
	}
	if investor, investee := amongInvestors(si, ms, lo, t); investor != nil {
		// "X was among the investors in Y's $1 billion round": the round's amount is not X's
		r.f.from, r.f.to, r.f.kind, r.f.money, r.money = investor, investee, schemas.KindInvestment, nil, nil
		return true
	}
	to := roundOwner(si, ms, lo, t)
	if to == nil && investsInRound(low, lo, t) {
		// "HCLTech is investing $150 million in a $300 million funding round
		// led by A": the subject is one of the round's investors, so the
		// round is the company's that raised last, if the article named it
		if st.lastInvestee == nil || si.idx-st.lastInvesteeSent > roundReach {
			return false
		}
		to = carriedMention(st.lastInvestee, t, len(low))
	}
	if to == nil {
		to = subjectBefore(si, ms, lo, t)
	}
	if to == nil {
		return false
	}
	from := objectAfter(si, ms, t, hi, to.org, "from", "by", "including", "led")
	if from == nil {
		from = objectAfter(si, ms, t, hi, to.org)
		if from == nil || !hasAny(low, t, from.wi, "from", "led", "by", "including") {
			// "xAI has raised $6 billion in a Series C round": investors may follow
			// (but in "... made in Y by X as part of a round" X is the investor)
			if (to.wi == 0 || low[to.wi-1] != "by") && !(st.lastInvesteeSent == si.idx && st.lastInvestee != nil) {
				// (an investee this sentence named already keeps the round:
				// "invested $2 billion in xAI, part of a $20 billion round")
				st.lastInvestee, st.lastInvesteeSent = to, si.idx
			}
			return false
		}
	}
	r.f.from, r.f.to, r.f.kind = from, to, schemas.KindInvestment
	fw := from.wi // where the investor's phrase starts: "including Peter Thiel's Founders Fund"
	for k := from.wi - 1; k >= 0 && k >= from.wi-4; k-- {
		if personPossessive(si, k) == from.wi {
			fw = k
		}
	}
	if fw > 0 && (low[fw-1] == "including" || fw > 1 && low[fw-2] == "such" && low[fw-1] == "as") {
		r.f.money, r.money, r.f.untold = nil, nil, true // "from investors including ASML": the round's total is not ASML's
	}
	if from.wi > 1 && low[from.wi-1] == "by" && (low[from.wi-2] == "led" || low[from.wi-2] == "co-led") {
		r.f.money, r.money, r.f.untold = nil, nil, true // "raised $300 million led by Spark Capital": the lead's own share is not told
	}
	if participatesIn(low, fw) {
		r.f.money, r.money, r.f.untold = nil, nil, true // "a $350 million round, including participation from Google": a part of it
	}
	for _, m := range coordinatedAfter(si, ms, from) {
		if m.org != to.org && m.org != from.org {
			r.f.extraFrom = append(r.f.extraFrom, m)
		}
	}
	if len(r.f.extraFrom) > 0 && !(r.money != nil && distributive(si, r.money, from.wi, from.wi)) {
		// "raised $675 million with investments from A, B and C": the round's
		// total is no single investor's (LABELING.md: combined amount → null each)
		r.f.money, r.money, r.f.untold = nil, nil, true
	}
	// "led by Thrive, with participation from Microsoft and Nvidia",
	// "led by Inovia and joined by other investors such as DTCP and SentinelOne"
	for _, m := range roundParticipants(si, mentionPtrs(si), from.wj, len(low)) {
		if m.org != to.org && m.org != from.org && !slices.Contains(r.f.extraFrom, m) {
			r.f.participants = append(r.f.participants, m)
		}
	}
	return true
}

// readJoin reads an investor that joins a round: "X also participated". It
// fills r.f and reports false when the clause states no such commitment.
func readJoin(r *commitRead) bool {
	si, st, ms, lo, hi, t, w, low := r.si, r.st, r.ms, r.lo, r.hi, r.t, r.w, r.si.low
	subj := subjectBefore(si, ms, lo, t)
	if subj == nil || !hasAny(low, t, hi, "round", "funding", "financing", "raise", "investment", "equity", "debt", "capital", "stake") && !bareJoin(low, t, st, si.idx) {
		return false
	}
	to := objectAfter(si, ms, t, hi, subj.org, "in")
	if to == nil && st.lastInvestee != nil && si.idx-st.lastInvesteeSent <= roundReach {
		to = carriedMention(st.lastInvestee, t, len(low))
	}
	if to == nil || to.org == subj.org {
		return false
	}
	r.f.from, r.f.to, r.f.kind = subj, to, schemas.KindInvestment
	for _, m := range coordinatedBefore(si, ms, subj) {
		if m.org != to.org && m.org != subj.org {
			r.f.extraFrom = append(r.f.extraFrom, m)
		}
	}
	if !strings.HasPrefix(w, "contribut") {
		r.money = nil
		r.f.money, r.f.untold = nil, true
	}
	return true
}

// readHire reads the customer that hires, taps or picks a provider: "X
// tapped Y to build". It fills r.f and reports false when the clause states
// no such commitment.
func readHire(r *commitRead) bool {
	si, ms, lo, hi, t, low := r.si, r.ms, r.lo, r.hi, r.t, r.si.low
	if t > 0 && passiveAux[low[t-1]] {
		// "Oracle said it had been chosen by OpenAI to supply ...": the agent buys
		if agent := agentAfter(si, ms, t, min(hi, t+4)); agent != nil {
			if provider := subjectBefore(si, ms, lo, t); provider != nil && provider.org != agent.org {
				r.f.from, r.f.to, r.f.directed = agent, provider, true
				r.f.kind = commitmentKind(si, max(lo, t-3), min(hi, t+14), provider)
				return true
			}
		}
		return false
	}
	from := subjectBefore(si, ms, lo, t)
	if from == nil {
		return false
	}
	to := objectAfter(si, ms, t, min(hi, t+6), from.org)
	if to == nil || !(to.wj < len(low) && (low[to.wj] == "to" || low[to.wj] == "as" || low[to.wj] == "for") || to.wj+1 < len(low) && low[to.wj] == "'s" && low[to.wj+1] == "as") {
		return false
	}
	if low[to.wj] == "for" {
		// "Anthropic tapped Google for up to one million TPUs"
		if amountNear(si, t, lo, hi) == nil && capacityNear(si, t, to.wj, hi) == nil && !hasPrefixAny(low, to.wj, min(hi, to.wj+6), strongComputeCues...) {
			return false
		}
		r.f.from, r.f.to, r.f.directed = from, to, true
		r.f.kind = commitmentKind(si, max(lo, t-3), min(hi, t+14), to)
		if r.f.capacity == nil {
			r.f.capacity = capacityNear(si, t, to.wj, hi)
		}
		return true
	}
	if !hasPrefixAny(low, to.wj, hi, append(append([]string{"cloud", "provider", "partner", "build", "supply", "host", "run", "operate", "power"}, strongComputeCues...), weakComputeCues...)...) {
		return false
	}
	if low[to.wj] != "to" {
		// "named Google Cloud as its preferred partner": a relationship, no spending stated
		if !hasPrefixAny(low, to.wj, min(hi, to.wj+6), "partner") {
			return false
		}
		pf := frame{typ: schemas.TypePartnership, action: schemas.ActionFormed, partners: []*mention{from, to}, score: 1.2}
		if a, cued := partnershipAction(low, lo, hi); cued && a != schemas.ActionReaffirmed {
			pf.action = a
		}
		r.done = &pf
		return true
	}
	r.f.from, r.f.to = from, to
	r.f.directed = true
	r.f.kind = commitmentKind(si, max(lo, t-3), min(hi, t+14), to)
	if r.f.money == nil {
		r.f.money = amountAfter(si, to.wj, hi) // "tapped Nebius to provide $3 billion of AI infrastructure"
		r.money = r.f.money
	}
	return true
}

// notMoneyReceived are what a company receives that is no funding:
// clearance, offers, awards.
var notMoneyReceived = map[string]bool{
	"clearance": true, "approval": true, "approvals": true, "permission": true, "consent": true, "offers": true,
	"offer": true, "bids": true, "bid": true, "proposals": true, "proposal": true, "interest": true, "inquiries": true,
	"requests": true, "complaints": true, "criticism": true, "certification": true, "award": true, "awards": true,
	"recognition": true, "nod": true, "go-ahead": true, "blessing": true, "waiver": true, "subpoena": true,
}

// receivedOtherThanMoney reports a raise verb at t ("received", "secured",
// "won") whose object, a few words on and before any amount, is no money:
// "has received clearance from CFIUS" (r3963), "received 'competitive
// offers' from other AI companies, including Microsoft" (r4031).
func receivedOtherThanMoney(low []string, t, hi int) bool {
	if isNoun(low[t]) {
		return false
	}
	for k := t + 1; k < hi && k <= t+4; k++ {
		if low[k] == "$" || low[k] == "from" || isDigitStart(low[k]) {
			return false
		}
		if notMoneyReceived[low[k]] {
			return true
		}
	}
	return false
}

// readPurchase reads the buyer and seller of "buy", "spend", "lease",
// "commit", "use": "X will spend $N on Y". It fills r.f and reports false
// when the clause states no such commitment.
func (x *Extractor) readPurchase(r *commitRead) bool {
	si, prev, st, ms, lo, hi, t, w, cls, low, capa := r.si, r.prev, r.st, r.ms, r.lo, r.hi, r.t, r.w, r.cls, r.si.low, r.capa
	from := agentAfter(si, ms, t, hi)
	if from == nil && isNoun(w) {
		from = possessiveBuyer(si, ms, t) // "Oracle's purchases from Nvidia": the possessor buys
	}
	if from == nil && isNoun(w) {
		if buyer := objectAfter(si, ms, t, min(hi, t+3), nil, "from"); buyer != nil {
			// "secured a commitment from Meta to buy ...": Meta buys from the subject
			// (not "Meta's cloud contract, ..., and further commitments from xAI": no verb joins them)
			if seller := subjectBefore(si, ms, lo, t); seller != nil && seller.org != buyer.org && !seller.poss && !hasSeq(low, seller.wj, t, ",", "and") {
				r.f.from, r.f.to = buyer, seller
				r.f.kind = commitmentKind(si, max(lo, t-3), min(hi, t+14), seller)
				if r.f.money == nil {
					for i := range si.money {
						if wi := wordIndexAt(si.ws, si.money[i].Start); wi > t && wi < hi {
							r.f.money = &si.money[i] // "... to buy an additional $1 billion of GPU capacity"
							r.money = r.f.money
							break
						}
					}
				}
				return true
			}
			return false // the one committing is named, the seller is not
		}
	}
	var to *mention
	if from == nil {
		// "xAI is in talks with Nvidia about buying processors": the talks' partner sells
		from, to = talksAbout(si, ms, lo, t)
	}
	if from == nil {
		from = participleSubject(si, t)
	}
	if from == nil {
		from = subjectBefore(si, ms, lo, t)
	}
	if from == nil {
		from = borrowedSubject(si, lo)
	}
	if from == nil {
		return false
	}
	if strings.HasPrefix(w, "pa") && t+1 < len(low) {
		// "pay CoreWeave $10 billion": the direct object is paid
		if m := objectAfter(si, ms, t, t+2, from.org); m != nil && m.wi == t+1 {
			to = m
		}
	}
	if to == nil {
		to = objectAfter(si, ms, t, hi, from.org, "on", "from", "with", "to", "through", "at", "via", "in", "for", "of")
		if m := hardwareBrandAfter(si, ms, t, hi, from.org); to != nil && m != nil && m.wi < to.wi && to.wi > 0 && low[to.wi-1] == "for" {
			to = m // "spend $40 billion buying Nvidia chips for OpenAI's site": the maker sells, the site is what it is for
		}
	}
	if to == nil && cls == trUse {
		// "xAI will use Nvidia's GB300 chips": the chipmaker sells
		for _, m := range mentionsIn(si.ments, t, min(hi, t+5)) {
			if m.brand && m.org != from.org {
				to = m
				break
			}
		}
	}
	if to == nil && (buyVerbs[w] || acquiresHardware(low, t)) {
		// "deploy 6 gigawatts of AMD GPUs": the hardware maker sells
		for _, m := range mentionsIn(si.ments, t, hi) {
			if m.brand && m.org != from.org && m.wi-t <= 8 && (capa != nil && wordIndexAt(si.ws, capa.Start) < m.wi || r.money != nil && wordIndexAt(si.ws, r.money.Start) < m.wi) {
				to = m
				break
			}
		}
		if to == nil {
			// "will buy AMD processors and systems worth SAR 37.5 billion"
			to = hardwareBrandAfter(si, ms, t, hi, from.org)
		}
		if to == nil {
			// "Hyundai will buy 50,000 for robotics" after "50,000 Nvidia GPUs"
			if m := elidedMaker(si, st, t); m != nil && m.org != from.org {
				to = m
			}
		}
	}
	if to == nil {
		to = relativeInAntecedent(si, lo) // "the company in which Meta agreed to buy a stake"
	}
	if to == nil && !(from.poss && from.wj < t) {
		// ("KDDI's order is among the largest, and rivals NTT ...": a
		// possessed purchase noun takes its seller from a preposition only)
		to = objectAfter(si, ms, t, hi, from.org)
	}
	if to == nil {
		to = x.previousCounterparty(si, prev, from, lo, hi)
		r.f.directed = false
	}
	if to == nil && r.money != nil {
		// "Amazon and Anthropic deepened their alliance, with Amazon committing a further $4 billion"
		to = coordinatedPartner(si, from)
		if to == nil && r.money.Value != nil && *r.money.Value >= 1e6 { // not "buying stock at $23.28 a share"
			to = participleCounterparty(si, from, t) // "has chosen Google's Gemini ..., paying $1 billion a year"
		}
		if to == nil && (strings.HasPrefix(w, "pay") || w == "paid") {
			to = otherNamedParty(si, from.org) // "Oracle will provide OpenAI with 4.5 GW, and OpenAI will pay $30 billion a year"
		}
	}
	if to == nil {
		return false
	}
	if r.money == nil && capa == nil && listedCounterparty(si, ms, to) {
		return false // "buys from Nvidia, AMD and Broadcom": a supplier base, not one deal
	}
	r.f.from, r.f.to = from, to
	if coordinatedWith(si, ms, from, to) {
		// "OpenAI and Broadcom ... to deploy accelerators designed by OpenAI": a joint
		// subject says nothing of who pays; the provider sells
		r.f.directed = false
		if from.org.providerRank() > to.org.providerRank() {
			r.f.from, r.f.to = to, from
		}
	}
	if (w == "pay" || w == "pays" || w == "paying" || w == "paid") && (revenueShareNoun(low, lo, hi) || hasAny(low, lo, hi, "royalty", "royalties")) {
		r.f.kind = schemas.KindRevenueShare
	} else if hasAny(low, t, min(hi, t+8), "stock", "shares", "stake", "equity") || pricePerShare(low, t, min(hi, t+8)) {
		r.f.kind = schemas.KindInvestment
	} else {
		r.f.kind = commitmentKind(si, max(lo, t-3), min(hi, t+12), to)
	}
	return true
}

// readSale reads the seller and buyer of "provide", "supply", "sell",
// "host": "Y will supply X". It fills r.f and reports false when the clause
// states no such commitment.
func readSale(r *commitRead) bool {
	si, prev, st, ms, lo, hi, t, w, low, capa := r.si, r.prev, r.st, r.ms, r.lo, r.hi, r.t, r.w, r.si.low, r.capa
	if !strings.HasPrefix(w, "provid") && !strings.HasPrefix(w, "suppl") && !strings.HasPrefix(w, "deliver") && hasAny(low, t, min(hi, t+7), "funding", "financing", "investment", "equity", "stake") {
		// "Mistral has landed a €600 million investment from General Catalyst": the subject receives
		to := subjectBefore(si, ms, lo, t)
		if to == nil {
			return false
		}
		from := objectAfter(si, ms, t, hi, to.org)
		if from == nil {
			return false
		}
		r.f.from, r.f.to, r.f.kind = from, to, schemas.KindInvestment
		return true
	}
	if hasAny(low, t, min(hi, t+7), "funding", "financing", "capital", "investment", "equity", "loan", "loans", "credit", "debt") {
		// "SoftBank will provide $22.5 billion of funding to OpenAI": the subject invests
		from := subjectBefore(si, ms, lo, t)
		if from == nil {
			return false
		}
		to := objectAfter(si, ms, t, hi, from.org)
		if to == nil && st.lastInvestee != nil && si.idx-st.lastInvesteeSent <= roundReach && st.lastInvestee.org != from.org {
			to = carriedMention(st.lastInvestee, t, len(low))
		}
		if to == nil {
			return false
		}
		r.f.from, r.f.to, r.f.kind = from, to, schemas.KindInvestment
		return true
	}
	if t > 0 && passiveAux[low[t-1]] {
		// "will be sold to OpenAI by Nscale": the agent sells, the "to" object buys
		if seller := agentAfter(si, ms, t, hi); seller != nil {
			if buyer := objectAfter(si, ms, t, hi, seller.org, "to", "for"); buyer != nil {
				r.f.from, r.f.to = buyer, seller
				r.f.kind = commitmentKind(si, max(lo, t-3), min(hi, t+12), seller)
				return true
			}
		}
	}
	if strings.HasPrefix(w, "build") {
		// "Humain will build a 500 megawatt data centre for xAI": the builder supplies
		if capa == nil && !hasPrefixAny(low, t, min(hi, t+8), "data", "campus", "cluster", "site", "supercomputer", "facility", "datacent", "infrastructure") {
			return false
		}
		to := subjectBefore(si, ms, lo, t)
		if to == nil {
			return false
		}
		from := objectAfter(si, ms, t, min(hi, t+12), to.org, "for")
		if from == nil {
			// "$15 billion to build AI infrastructure with Nscale": the subject pays the builder
			if partner := objectAfter(si, ms, t, min(hi, t+12), to.org, "with"); partner != nil && r.money != nil {
				r.f.from, r.f.to, r.f.kind = to, partner, schemas.KindCompute
				return true
			}
			return false
		}
		r.f.from, r.f.to, r.f.kind = from, to, schemas.KindCompute
		return true
	}
	to := subjectBefore(si, ms, lo, t)
	if to == nil {
		to = borrowedSubject(si, lo)
	}
	if to == nil {
		return false
	}
	from := objectAfter(si, ms, t, hi, to.org)
	if from == nil {
		from = definiteHardwareBuyer(si, prev, to, t, hi) // "Broadcom will supply the chips" announced just before
	}
	if from == nil || channelObject(si, from) {
		return false // "sells its models to businesses through Le Chat": a channel, not a buyer
	}
	if r.money == nil && capa == nil && listedCounterparty(si, ms, to) {
		return false // "Nvidia, AMD and Intel all sell chips to Microsoft": a supplier base
	}
	r.f.from, r.f.to = from, to
	r.f.kind = commitmentKind(si, max(lo, t-3), min(hi, t+12), to)
	return true
}

// readDeal reads the parties of a deal noun, direction from their kinds: "a
// $N contract with Y". It fills r.f and reports false when the clause states
// no such commitment.
func (x *Extractor) readDeal(r *commitRead) bool {
	si, ms, lo, hi, t, low, capa := r.si, r.ms, r.lo, r.hi, r.t, r.si.low, r.capa
	a := subjectBefore(si, ms, lo, t)
	if a == nil {
		a = borrowedSubject(si, lo)
	}
	var b *mention
	if a != nil {
		b = objectAfter(si, ms, t, coordinationEnd(low, t, hi), a.org)
	}
	if a == nil || b == nil {
		// "X and Y signed", "between X and Y", "Lambda said Microsoft had signed"
		var cands []*mention
		seen := map[*Org]bool{}
		for _, m := range ms {
			if !m.brand && !seen[m.org] && m.wi < coordinationEnd(low, t, hi) {
				seen[m.org] = true
				cands = append(cands, m)
			}
		}
		if len(cands) != 2 {
			return false
		}
		a, b = cands[0], cands[1]
	}
	r.f.directed = false
	pa, pb := x.productNamed(si, a.org, lo, hi), x.productNamed(si, b.org, lo, hi)
	if pa != pb {
		// "signed a deal with Deloitte to roll out Claude": the maker of what is delivered sells
		if pa {
			r.f.from, r.f.to = b, a
		} else {
			r.f.from, r.f.to = a, b
		}
	} else if b.org.providerRank() > a.org.providerRank() {
		r.f.from, r.f.to = a, b
	} else if a.org.providerRank() > b.org.providerRank() {
		r.f.from, r.f.to = b, a
	} else {
		r.f.from, r.f.to = a, b
	}
	if hostOf(a.org, b.org) {
		r.f.from, r.f.to = b, a // "Core Scientific signed 12-year contracts with CoreWeave": the host sells
	} else if hostOf(b.org, a.org) {
		r.f.from, r.f.to = a, b
	}
	licensing := hasPrefixAny(low, max(lo, t-3), min(hi, t+8), "licens", "licenc")
	if licensing && pa == pb && a.org.providerRank() != b.org.providerRank() {
		// "Google struck a $2.7 billion licensing deal with Character.AI": a licence is
		// sold by the one whose technology it is, the model maker, not the bigger platform
		r.f.from, r.f.to = r.f.to, r.f.from
	}
	khi := min(hi, t+12)
	if uhi := underWhichEnd(low, hi); uhi > hi {
		// "a deal under which Anthropic will use up to one million TPUs": the clause says what is bought
		khi = uhi
		if r.f.capacity == nil {
			r.f.capacity = capacityNear(si, t, hi, uhi)
		}
	}
	r.f.kind = commitmentKind(si, max(lo, t-8), khi, r.f.to)
	if r.money == nil && capa == nil && r.f.capacity == nil && !pa && !pb && !boughtNamed(si, max(lo, t-8), khi) && !(t > 0 && compoundDeal(low, t-1)) && !receivedOrder(low, t) {
		// "signed a new agreement that changes the terms of their
		// partnership": a deal with no amount and nothing bought is no commitment
		return false
	}
	if licensing && r.f.kind == schemas.KindCompute {
		r.f.kind = schemas.KindCloudServices // LABELING.md: a licensing deal with a price, hardware designs included
	}
	return true
}

// readRevShare reads who pays a revenue share to whom. It fills r.f and
// reports false when the clause states no such commitment.
func readRevShare(r *commitRead) bool {
	si, ms, lo, hi, t := r.si, r.ms, r.lo, r.hi, r.t
	from, to := revenueShareParties(si, ms, lo, hi, t)
	if from == nil || to == nil {
		return false
	}
	r.f.from, r.f.to, r.f.kind = from, to, schemas.KindRevenueShare
	return true
}

// companyPostWords name the post of a company's person: "Spotify's chief
// executive Daniel Ek", "Amazon's founder Bezos".
var companyPostWords = map[string]bool{
	"ceo": true, "founder": true, "co-founder": true, "cofounder": true, "chairman": true, "chairwoman": true,
	"chief": true, "executive": true, "president": true, "boss": true, "cfo": true, "cto": true,
}

// titledPersonAfter reports an organisation named as the possessor of a
// person's post: "Spotify's chief executive Daniel Ek", "Amazon's founder
// Bezos". The person, not the organisation, is the clause's subject.
func titledPersonAfter(si *sentenceInfo, m *mention) bool {
	low := si.low
	k := m.wj
	if k >= len(low) || low[k] != "'s" && low[k] != "’s" {
		return false
	}
	k++
	if k < len(low) && low[k] == "former" {
		k++
	}
	n := 0
	for k < len(low) && companyPostWords[low[k]] {
		k, n = k+1, n+1
	}
	return n > 0 && k < len(low) && isCapitalised(si.ws[k].Text) && mentionAt(si.ments, k) < 0
}

// personPossessor reports a trigger noun at t whose possessor is a person:
// "CEO Daniel Ek's investment" (a capitalised name before "'s" that is no
// organisation, after a post word).
func personPossessor(si *sentenceInfo, ms []*mention, t int) bool {
	low := si.low
	if t < 3 || low[t-1] != "'s" && low[t-1] != "’s" || !isCapitalised(si.ws[t-2].Text) {
		return false
	}
	for _, m := range ms {
		if m.wj == t-1 {
			return false
		}
	}
	for k := t - 2; k >= 0 && k >= t-5; k-- {
		if companyPostWords[low[k]] {
			return true
		}
		if !isCapitalised(si.ws[k].Text) {
			return false
		}
	}
	return false
}

// pricePerShare reports a price for each share in low[lo:hi] ("pay $78
// per share in cash for QTS", "$90.50 a share"): a takeover's price for the
// company's stock.
func pricePerShare(low []string, lo, hi int) bool {
	for k := max(lo, 1); k < hi && k < len(low); k++ {
		if low[k] == "share" && (low[k-1] == "per" || low[k-1] == "a" && k > 1 && isDigitStart(low[k-2])) {
			return true
		}
	}
	return false
}

// revenueShareNoun reports "share" in low[lo:hi] as a part of revenue paid
// ("pay OpenAI a share of revenue"), not as a unit of stock priced
// (pricePerShare).
func revenueShareNoun(low []string, lo, hi int) bool {
	for k := lo; k < hi && k < len(low); k++ {
		if low[k] == "share" && !pricePerShare(low, k, k+1) {
			return true
		}
	}
	return false
}
