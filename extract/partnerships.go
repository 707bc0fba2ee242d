package extract

import (
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Partnership frames: the trigger's gate (is this a partnership being
// formed, expanded, ended?), its parties on each side, and its shape (one
// partnership of all, or a pair per partner).

var partnershipActions = []struct {
	action string
	cues   cueList
}{
	{schemas.ActionEnded, newCueList("end", "ends", "ended", "ending", "terminate", "terminates", "terminated", "terminating", "dissolve", "dissolved", "dissolves", "scrap", "scrapped", "exit", "exits", "exited", "quit", "unwind", "unwound", "severed", "sever", "split", "cut ties", "cuts ties", "walk away", "walked away", "no longer", "parted ways", "part ways", "parts ways", "parting ways")},
	{schemas.ActionRestructured, newCueList("restructure", "restructured", "restructures", "restructuring", "revise", "revised", "revises", "revising", "renegotiate", "renegotiated", "renegotiates", "renegotiating", "rewrite", "rewrote", "rewritten", "overhaul", "overhauled", "overhauls", "rework", "reworked", "reworks", "amend", "amended", "amends", "updated", "recast", "recasts", "loosen", "loosened", "new terms", "revamped", "revamp", "reshaped", "reshape", "realigned")},
	{schemas.ActionExpanded, newCueList("expand", "expanded", "expands", "expanding", "expansion", "extend", "extends", "extended", "extending", "extension", "deepen", "deepens", "deepened", "deepening", "broaden", "broadens", "broadened", "broadening", "widen", "widened", "wider", "broader", "larger", "deeper", "grow", "grows", "grew", "growing", "strengthen", "strengthens", "strengthened", "scale up", "step up", "steps up", "stepped up", "enlarge", "enlarged")},
	{schemas.ActionReaffirmed, newCueList("reaffirm", "reaffirms", "reaffirmed", "reaffirming", "renew", "renews", "renewed", "remains", "remain", "remained", "continue", "continues", "continued", "stand by", "stands by", "recommit", "recommitted", "reiterated", "reiterates")},
	{schemas.ActionFormed, newCueList("new", "form", "formed", "forms", "forming", "announce", "announced", "announces", "sign", "signed", "signs", "enter", "entered", "enters", "strike", "struck", "strikes", "launch", "launched", "launches", "agreed", "agree", "agrees", "forge", "forged", "forges", "establish", "established", "set up", "sets up", "setting up", "create", "created", "creates", "creating", "unveil", "unveiled", "team up", "teamed up", "teams up", "begun", "began", "begin", "start", "starts", "started", "kick off", "kicked off", "inked", "sealed", "seal", "clinched")},
}

func partnershipCueWord(w string) bool {
	for _, pa := range partnershipActions {
		if slices.Contains(pa.cues.byFirst[w], w) {
			return true
		}
	}
	return false
}

func partnershipAction(low []string, lo, hi int) (string, bool) {
	low = maskParticipleCues(low, lo, hi)
	for _, pa := range partnershipActions {
		if pa.cues.in(low, lo, hi) {
			return pa.action, true
		}
	}
	return schemas.ActionFormed, false
}

// inPartnershipWith reports "in partnership with", "in close collaboration
// with", "in conjunction with" at the noun t: what the sentence's subject
// does, it does with a partner (r3571, r2662, r3456).
func inPartnershipWith(low []string, t int) bool {
	k := t - 1
	if k >= 0 && (low[k] == "close" || low[k] == "a" || low[k] == "strategic") {
		k--
	}
	return k >= 0 && low[k] == "in" && t+1 < len(low) && low[t+1] == "with" &&
		(low[t] == "partnership" || low[t] == "collaboration" || low[t] == "cooperation" || low[t] == "conjunction")
}

// participles describe a thing made in partnership ("agents developed in
// collaboration with OpenAI", "the initiative, done in collaboration with
// CDC"): the maker is not the sentence's subject.
var participles = map[string]bool{"developed": true, "done": true, "built": true, "made": true, "created": true,
	"designed": true, "produced": true, "operated": true, "run": true, "launched": true, "announced": true}

// doneInPartnership reports that what the clause's subject does, it does in
// the partnership at t: no participle before "in", no parenthesis open
// and no apposition ("Stargate, a U.S.-based AI project in partnership
// with OpenAI") between the clause's start and t.
func doneInPartnership(low []string, lo, t int) bool {
	in := t - 1
	for in > lo && low[in] != "in" {
		in--
	}
	if in > lo && participles[low[in-1]] {
		return false
	}
	open := false
	for k := lo; k < t; k++ {
		switch low[k] {
		case "(":
			open = true
		case ")":
			open = false
		case ",":
			if k+1 < t && (low[k+1] == "a" || low[k+1] == "an") {
				return false
			}
		}
	}
	return !open
}

// indefinitePartnership: "a multiyear strategic partnership" introduces a
// new partnership; "the partnership" refers back to one.
func indefinitePartnership(low []string, t int) bool {
	for k := t - 1; k >= 0 && k >= t-5; k-- {
		switch low[k] {
		case "a", "an":
			return true
		case "the", "their", "its", "this", "that", "our", "his", "her":
			return false
		case ",", ".", ";":
			return false
		}
		if preps[low[k]] || triggerWords[low[k]] != trNone {
			return false
		}
	}
	return false
}

// possessivePartnership: "Tokio Marine's partnership with OpenAI",
// "Asda's renewed and deepened collaboration with Microsoft": an owner names
// one partner and "with" the other. With no action word it is the story
// only in an article's lead (leadSentences); later it restates background.
func possessivePartnership(low []string, t int) bool {
	if t+1 >= len(low) || low[t+1] != "with" {
		return false
	}
	for k := t - 1; k >= 0 && k >= t-4; k-- {
		switch {
		case possessiveMark(low[k]):
			return true
		case low[k] == "and" || low[k] == "," || isLowerWord(low[k]) && !preps[low[k]] && triggerWords[low[k]] == trNone && !determiners[low[k]]:
			continue
		}
		return false
	}
	return false
}

// leadSentences is the index of an article's last lead sentence (the
// headline counts as one).
const leadSentences = 2

// partnershipFrame reads the partnership a trigger of class cls at word t
// announces: its gate, its parties before and after the trigger, the ones
// the sentence implies, and whether they form one partnership or pairs.
func (x *Extractor) partnershipFrame(si *sentenceInfo, cls trClass, t int) (frame, bool) {
	lo, hi := clauseBounds(si.low, t)
	ms := mentionsIn(si.ments, lo, hi)
	action, cued, ok := partnershipGate(si.low, cls, t, lo, hi, si.idx <= leadSentences)
	if !ok {
		return frame{}, false
	}
	ps := &partySet{}
	subj := subjectParties(si, ms, lo, t, ps)
	if subj == nil {
		subj = byPartneringSubject(si, ms, t)
		ps.add(subj)
	}
	var obj *mention
	between := false
	if !jointPlans(si, t) {
		obj, between = objectParties(si, ms, t, hi, ps) // a joint plan's partners are those who announce it
	}
	if between {
		// "MGX was launched as a joint venture between Mubadala and G42",
		// "MGX marks a strategic collaboration between Mubadala and G42"
		// (r3935, r3936, r4939): the ones "between" names are all the
		// partners; the subject is what they made
		named := &partySet{}
		named.add(obj)
		for _, m := range coordinatedAfter(si, ms, obj) {
			named.add(m)
		}
		if k := afterNameAndApposition(si, obj.wj); len(named.parts) == 1 && k < len(si.low) && si.low[k] == "and" {
			named.add(mentionAfterDescriptor(si, ms, k+1, min(len(si.low), k+8))) // "between Mubadala and AI firm G42"
		}
		if len(named.parts) >= 2 {
			ps = named
		}
	}
	impliedParties(si, ms, t, cued, ps)
	if len(ps.parts) < 2 {
		return frame{}, false
	}
	parts, hub := partnershipShape(si, ms, t, subj, obj, between, ps)
	f := frame{typ: schemas.TypePartnership, action: action, partners: parts, hub: hub, score: 1}
	if cued {
		f.score += 0.5
	}
	for _, p := range parts {
		if !p.implicit {
			f.score += 0.3
		}
	}
	return f, true
}

// byPartneringSubject returns the subject of the main clause after a
// fronted means phrase "by partnering with X", "by teaming up with X" at
// the trigger t: "By partnering with Equinix, a global leader in data
// centres, Groq is set to ...", "..., but by teaming up with ENGIE,
// Prometheus can ...". The phrase opens the sentence or follows "but",
// "and" or a comma; the subject is the name right after the comma that
// closes it, and no list goes on after it ("By teaming up with cloud
// companies like CoreWeave, Nscale, and Lambda, Microsoft ..." names no
// partner right after "with").
func byPartneringSubject(si *sentenceInfo, ms []*mention, t int) *mention {
	low := si.low
	if t == 0 || low[t-1] != "by" || !(partneringVerbs[low[t]] || low[t] == "teaming" || low[t] == "joining") {
		return nil
	}
	if b := t - 2; b >= 0 && !isQuote(low[b]) && low[b] != "but" && low[b] != "and" && low[b] != "," {
		return nil
	}
	var obj *mention
	for _, m := range ms {
		if m.wi > t && m.wi <= t+3 && low[m.wi-1] == "with" && !m.implicit && !m.brand {
			obj = m
			break
		}
	}
	if obj == nil {
		return nil
	}
	k := afterNameAndApposition(si, obj.wj) // past "Equinix, a global leader in data centres,"
	for ; k < len(low) && low[k-1] != ","; k++ {
		if k > obj.wj+15 || low[k] == "." || low[k] == ";" {
			return nil
		}
	}
	for _, m := range ms {
		if m.wi == k && !m.implicit && !m.brand && m.org != obj.org && m.wj < len(low) && low[m.wj] != "," && low[m.wj] != "and" && low[m.wj] != "or" {
			return m
		}
	}
	return nil
}

// partnershipGate reads the partnership action the clause around word t
// cues, and whether a trigger of class cls announces a partnership there at
// all: a relationship needs a cue other than its forming, revised terms a
// restructuring, a partnership noun an action ("the partnership gives
// Microsoft access" describes, it does not announce).
func partnershipGate(low []string, cls trClass, t, lo, hi int, lead bool) (action string, cued, ok bool) {
	action, cued = partnershipAction(low, lo, hi)
	switch cls {
	case trRelation:
		if !cued || action == schemas.ActionFormed || action == schemas.ActionReaffirmed && !committedBefore(low, t) {
			return action, cued, false
		}
		if action == schemas.ActionExpanded && contractExpansion(low) {
			return action, cued, false // "agreed to expand their computing contract, the third enlargement of the relationship"
		}
	case trTerms:
		if low[t] != "terms" && hasAny(low, lo, hi, "removed", "remove", "removes", "dropped", "drop", "drops", "changed", "scrapped", "eliminated", "deleted", "struck") {
			action, cued = schemas.ActionRestructured, true // "removed a clause that let OpenAI cut off Microsoft's access"
		}
		if !cued || action != schemas.ActionRestructured {
			return action, cued, false
		}
	case trPartner:
		// A noun ("partnership", "collaboration") needs an action: "the partnership gives Microsoft access" describes, it does not announce.
		switch low[t] {
		case "partnership", "partnerships", "collaboration", "alliance", "joint", "strategic", "intent", "cooperation", "memorandum", "mou", "conjunction":
			switch {
			case inPartnershipWith(low, t):
				if !cued {
					if !doneInPartnership(low, lo, t) {
						return action, cued, false
					}
					action, cued = schemas.ActionFormed, true // "HPE is launching a lab in the UK, in partnership with Carbon3.ai"
				}
			case low[t] == "conjunction":
				return action, cued, false
			case !cued && !indefinitePartnership(low, t) && !(lead && possessivePartnership(low, t)):
				return action, cued, false
			}
			// "Stargate is a joint venture by Oracle, OpenAI and SoftBank": a copula describes
			if low[t] == "joint" && t >= 2 && (low[t-1] == "a" || low[t-1] == "an") &&
				(low[t-2] == "is" || low[t-2] == "was" || low[t-2] == "are" || low[t-2] == "were" || low[t-2] == "remains") {
				return action, cued, false
			}
			// "the Stargate project, a joint venture with SoftBank and Oracle": an apposition describes
			for k := t - 1; k >= max(lo, t-5); k-- {
				if (low[k] == "a" || low[k] == "an" || low[k] == "the" && describedByOf(low, t)) && k > 0 && low[k-1] == "," {
					return action, cued, false // also "Stargate, the joint venture of OpenAI, SoftBank and MGX, agreed ..."
				}
				if triggerWords[low[k]] != trNone || partnershipCueWord(low[k]) {
					break
				}
			}
		}
	}
	return action, cued, true
}

// partySet collects a partnership's parties in order, each organisation
// once and no hardware brand (a few at most: a scan, no map).
type partySet struct {
	parts []*mention
}

func (p *partySet) add(m *mention) {
	if m == nil || m.brand {
		return
	}
	for _, q := range p.parts {
		if q.org == m.org {
			return
		}
	}
	p.parts = append(p.parts, m)
}

// subjectParties adds the parties before the trigger at t: the pronouns
// and possessives of a pair ("their partnership"), the subject and every
// name coordinated with it ("Amazon and OpenAI", "A, B, C and D"). It
// returns the subject.
func subjectParties(si *sentenceInfo, ms []*mention, lo, t int, ps *partySet) *mention {
	low := si.low
	subj := subjectBefore(si, ms, lo, t)
	if subj == nil {
		subj = borrowedSubject(si, lo)
	}
	// Coordinated subjects "X and Y announced", possessive pairs "their partnership".
	for _, m := range ms {
		if m.wj <= t && !m.brand {
			if m.implicit && (si.low[m.wi] == "their" || si.low[m.wi] == "they" || si.low[m.wi] == "the" || si.low[m.wi] == "both") {
				ps.add(m)
			}
		}
	}
	if subj != nil {
		// every mention coordinated with the subject: "Amazon and OpenAI", "A, B, C and D"
		for _, m := range coordinatedBefore(si, ms, subj) {
			ps.add(m)
		}
		ps.add(coordinatedAcrossApposition(si, subj)) // "MGX, the Abu Dhabi investor, and BlackRock formed"
		for _, m := range describedListBefore(si, subj) {
			ps.add(m) // "MGX, France's public investment bank Bpifrance, Mistral AI and Nvidia formed"
		}
		for _, m := range ms {
			if m.wj <= t && !m.brand && m.wi < subj.wi && m.wj < len(low) && (low[m.wj] == "and" || m.poss && m.wj+1 < len(low) && low[m.wj+1] == "and") {
				ps.add(m)
			}
		}
		ps.add(subj)
	}
	return subj
}

// objectParties adds the parties after the trigger at t ("with X",
// "between X and Y", a fronted "With Meta, it formed"). It returns the
// object, and whether "between" named all the parties.
func objectParties(si *sentenceInfo, ms []*mention, t, hi int, ps *partySet) (obj *mention, between bool) {
	low := si.low
	obj = objectAfter(si, ms, t, hi, nil, "with", "between", "and", "to")
	if obj == nil && !(t+1 < len(low) && low[t+1] == "on" && (low[t] == "partner" || low[t] == "partners")) {
		obj = objectAfter(si, ms, t, min(hi, t+4), nil) // (but "A, B and C partner on Stargate UAE": the project)
	}
	if fw := frontedWith(si, t); fw != nil && (obj == nil || absoluteSubject(si, obj)) {
		obj = fw // "With Meta, it formed a joint venture ..., with Reliance holding the majority"
	}
	if obj != nil {
		ps.add(obj)
		for _, m := range ms {
			if m.wi == obj.wi {
				ps.add(m) // "between the two companies" stands for both
			}
		}
		// "between X and Y"
		if obj.wj < len(low) && low[obj.wj] == "and" {
			for _, m := range ms {
				if m.wi == obj.wj+1 {
					ps.add(m)
				}
			}
		}
		if obj.wi > 0 && low[obj.wi-1] == "between" {
			between = true // "a partnership between Nscale, Aker and OpenAI": one of all three (r3376, r2538)
			for _, m := range coordinatedAfter(si, ms, obj) {
				ps.add(m)
			}
		}
	}
	return obj, between
}

// impliedParties completes a partnership named with fewer than two
// parties: two names right before the trigger ("the Amazon–OpenAI
// relationship"), the partner of "that relationship" named earlier in the
// sentence, or the pair the article is about.
func impliedParties(si *sentenceInfo, ms []*mention, t int, cued bool, ps *partySet) {
	low := si.low
	// "the Amazon–OpenAI relationship": two names right before the trigger.
	if len(ps.parts) < 2 {
		for _, m := range ms {
			if m.wj <= t && m.wi >= t-4 && !m.brand {
				ps.add(m)
			}
		}
	}
	if len(ps.parts) == 1 && t > 0 && (low[t-1] == "that" || low[t-1] == "the" || low[t-1] == "this" || low[t-1] == "their") {
		// "... has worked with Microsoft for years, and the deal deepens that relationship"
		for i := len(si.ments) - 1; i >= 0; i-- {
			m := &si.ments[i]
			if m.wi < t && !m.implicit && !m.brand && m.wi > 0 && low[m.wi-1] == "with" && m.org != ps.parts[0].org {
				ps.add(m)
				break
			}
		}
	}
	if len(ps.parts) == 0 && cued && si.prevPair[0] != nil && (low[t] == "relationship" || low[t] == "partnership" || low[t] == "collaboration" || low[t] == "alliance") {
		// "The agreement deepens a relationship that began ...": the pair the article is about
		explicit := false
		for _, m := range ms {
			if !m.implicit {
				explicit = true
			}
		}
		if !explicit {
			ps.add(&mention{org: si.prevPair[0], surface: si.prevPair[0].Name, wi: t, wj: t + 1, implicit: true})
			ps.add(&mention{org: si.prevPair[1], surface: si.prevPair[1].Name, wi: t, wj: t + 1, implicit: true})
		}
	}
}

// partnershipShape decides between one partnership of all the parties and
// pairs: it adds the rest of a "with" list to a single subject's alliance,
// names a hub when coordinated subjects each partner with one object, and
// otherwise keeps the first two parties unless the sentence tells of all.
func partnershipShape(si *sentenceInfo, ms []*mention, t int, subj, obj *mention, between bool, ps *partySet) (parts []*mention, hub *mention) {
	low := si.low
	// "A announced a strategic alliance with B and C", "A partnered with B,
	// C and D to raise $100 billion": one partnership of all (r2660, r2764).
	// Other verbs and plurals say less ("A is collaborating with B and C",
	// "partnerships with B and C" may be one each), and stay pairwise.
	subjects := 0 // the subject and the ones coordinated before it
	if subj != nil {
		subjects = 1 + len(coordinatedBefore(si, ms, subj))
	}
	var withList []*mention
	if (jointNoun[low[t]] || partnerVerbs[low[t]] && t+1 < len(low) && low[t+1] == "with" || forcesJoined(low, t)) && obj != nil && obj.wi > 0 && low[obj.wi-1] == "with" && subj != nil && subjects <= 2 {
		withList = coordinatedAfter(si, ms, obj)
		if len(withList) == 0 && obj.wj < len(low) && low[obj.wj] == "and" {
			// "a strategic partnership with Google Cloud and French joint venture S3NS"
			if m := mentionAfterDescriptor(si, ms, obj.wj+1, min(len(low), obj.wj+8)); m != nil && m.wi > obj.wj+1 {
				withList = []*mention{m}
			}
		}
		for _, m := range withList {
			ps.add(m)
		}
	}
	jointly := hasAny(low, 0, len(low), "joint", "consortium", "three-way", "jointly", "together") || createsNamedVenture(si, ms, t) ||
		subjects >= 2 && oneAllianceNoun(low, t)
	if subjects >= 2 && len(ps.parts) == subjects+1 && obj != nil && ps.parts[subjects] == obj && obj.wi > 0 && (withObject(si, ms, obj) || low[obj.wi-1] == "to" && low[t] == "intent") && !jointly {
		// "Samsung and SK Hynix joined forces with OpenAI", "Google and Meta both
		// announced partnerships with Reliance", "Reliance, Tata Group, and
		// Infosys have joined forces with Nvidia" (r4155): each subject with
		// the object
		hub = obj
	} else if more := pairwiseWithList(si, ms, subj, obj, subjects, withList, jointly); len(more) > 0 {
		// "Nvidia is working with cloud providers Nebius and Nscale to
		// deploy GPUs": a partnership of the subject with each
		ps.parts = []*mention{subj, obj}
		for _, m := range more {
			ps.add(m)
		}
		hub = subj
	} else if len(ps.parts) > 2 && len(withList) == 0 && !between && subjects < 3 && !(jointly && len(ps.parts) == 3 && subjects == 2) {
		ps.parts = ps.parts[:2] // (but "A and B have partnered with C to establish a joint venture": all three)
	}
	return ps.parts, hub
}

// oneAllianceNoun reports a singular partnership noun with an indefinite
// article at t: "Nvidia and Dell announced a collaboration with the DOE",
// "xAI and Nvidia have entered into a strategic partnership with Humain":
// one partnership of the coordinated subjects and the partner "with" names,
// not one per subject ("Google and Meta announced partnerships with
// Reliance"). ("A and B formed a partnership to buy C": C is no partner.)
func oneAllianceNoun(low []string, t int) bool {
	switch low[t] {
	case "partnership", "collaboration", "alliance":
		return t+1 < len(low) && low[t+1] == "with" && indefinitePartnership(low, t)
	}
	return false
}

// forcesJoined reports "joined forces with" or "teamed up with" around the
// trigger at t: like "partnered with", one alliance of the subject and
// every listed partner ("Nokia joined forces with AMD, Cisco and Jio
// Platforms to announce ...", r4426; "Deutsche Telekom has joined forces
// with SK Telecom, e& and Singtel to form ...", r4977).
func forcesJoined(low []string, t int) bool {
	for k := max(0, t-2); k <= t && k+2 < len(low); k++ {
		if low[k+2] != "with" {
			continue
		}
		switch {
		case low[k+1] == "forces" && (low[k] == "join" || low[k] == "joins" || low[k] == "joined" || low[k] == "joining"):
			return true
		case low[k+1] == "up" && (low[k] == "team" || low[k] == "teams" || low[k] == "teamed" || low[k] == "teaming"):
			return true
		}
	}
	return false
}

// pairwiseWithList returns the rest of a "with" list after obj when one
// subject does something with each of them under a verb that is not
// "partner" nor a joint noun ("is working with Nebius and Nscale",
// "is collaborating with B and C"): one partnership per listed partner, as
// the labels count them, not one of all.
func pairwiseWithList(si *sentenceInfo, ms []*mention, subj, obj *mention, subjects int, withList []*mention, jointly bool) []*mention {
	if subj == nil || obj == nil || subjects != 1 || len(withList) > 0 || jointly || !withObject(si, ms, obj) {
		return nil
	}
	return coordinatedAfter(si, ms, obj)
}

// withObject reports obj as the object of "with", right after it or after
// a short description ("joined forces with California-based tech giant
// NVIDIA").
func withObject(si *sentenceInfo, ms []*mention, obj *mention) bool {
	for k := obj.wi - 1; k >= 0 && k >= obj.wi-7; k-- {
		if si.low[k] == "with" {
			return mentionAfterDescriptor(si, ms, k+1, obj.wj) == obj
		}
	}
	return false
}

// createsNamedVenture reports a purpose after the trigger at t that creates
// one named thing of all the parties: "A and B teamed up with C to form
// Stargate", "A and B will work with C to develop the Cloud de Confiance".
// A named thing is a capitalised word after an optional article, but not a
// place ("to launch Europe's first AI cloud") or a maker's name before its
// hardware ("to build Nvidia systems"); "to supply chips" stays one deal
// per subject.
func createsNamedVenture(si *sentenceInfo, ms []*mention, t int) bool {
	low := si.low
	for k := t + 1; k+2 < len(low); k++ {
		if low[k] != "to" || !ventureVerbs[low[k+1]] {
			continue
		}
		j := k + 2
		if j < len(low) && (low[j] == "the" || low[j] == "a" || low[j] == "an" || low[j] == "new") {
			j++
		}
		if j < len(low) && isCapitalised(si.ws[j].Text) && !places[si.ws[j].Text] && !(j+1 < len(low) && low[j+1] == "'s") && !slices.ContainsFunc(ms, func(m *mention) bool { return m.brand && m.wi <= j && j < m.wj }) {
			return true
		}
	}
	return false
}

// ventureVerbs create a new thing in a purpose clause ("to form Stargate").
var ventureVerbs = map[string]bool{"form": true, "create": true, "launch": true, "establish": true, "develop": true, "build": true}

// partnerVerbs are the forms of the verb "partner".
var partnerVerbs = map[string]bool{"partner": true, "partners": true, "partnered": true, "partnering": true}

// afterNameAndApposition returns the word after a name ending at k and what
// may close it: the rest of its full name and legal form ("Mubadala
// Investment Co."), an abbreviation in parentheses ("Group 42 (G42)") and
// an apposition between commas ("Group 42, a tech holding firm based in
// the UAE,").
func afterNameAndApposition(si *sentenceInfo, k int) int {
	low := si.low
	for end := k + 3; k < len(low) && k < end && (legalForms[si.ws[k].Text] || low[k] == "." || isCapitalised(si.ws[k].Text) && !strings.ContainsAny(low[k], ",;:()")); {
		k++
	}
	if k+2 < len(low) && low[k] == "(" && low[k+2] == ")" {
		k += 3
	}
	if k+1 < len(low) && low[k] == "," && (low[k+1] == "a" || low[k+1] == "an" || low[k+1] == "the") {
		for j := k + 2; j < len(low) && j <= k+14; j++ {
			if low[j] == "," {
				return j + 1
			}
		}
	}
	return k
}
