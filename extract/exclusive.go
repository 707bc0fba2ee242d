package extract

import "github.com/dealwatch/dealwatch/schemas"

// Exclusive arrangements described by what they did rather than by a
// possessive: "terminated the exclusive arrangement under which it trained
// its models only on Oracle Cloud Infrastructure" (Oracle held the right),
// "its agreement making Amazon Web Services the exclusive cloud for training
// had been terminated" (AWS held it). The organisation that was given the
// exclusive position is the holder; the one that gave it, the grantor.

var arrangementNouns = map[string]bool{
	"arrangement": true, "arrangements": true, "agreement": true, "deal": true, "contract": true, "pact": true,
	"partnership": true, "relationship": true, "deals": true, "agreements": true,
}

var makingWords = map[string]bool{"making": true, "made": true, "make": true, "makes": true, "named": true, "naming": true}

// arrangementExclusivity reads the two phrasings above for the exclusive
// word at t.
func arrangementExclusivity(si *sentenceInfo, t int) (frame, bool) {
	low := si.low
	end := len(low)
	for k := t + 1; k+1 < len(low); k++ {
		if low[k] == "," && (low[k+1] == "and" || low[k+1] == "but" || low[k+1] == "while") || low[k] == ";" {
			end = k
			break
		}
	}
	var holder *mention
	var holderStart int
	// "making AWS the exclusive cloud"
	if t >= 3 && (low[t-1] == "the" || low[t-1] == "its" || low[t-1] == "their") {
		for i := range si.ments {
			m := &si.ments[i]
			if !m.implicit && !m.brand && m.wj == t-1 && m.wi > 0 && makingWords[low[m.wi-1]] {
				holder, holderStart = m, m.wi-1
			}
		}
	}
	// "the exclusive arrangement under which it trained its models only on Oracle"
	if holder == nil && t+3 < len(low) && arrangementNouns[low[t+1]] &&
		(low[t+2] == "under" && low[t+3] == "which" || low[t+2] == "whereby" || low[t+2] == "that" && t+3 < len(low) && makingWords[low[t+3]]) {
		for i := range si.ments {
			m := &si.ments[i]
			if m.wi > t+2 && m.wi < end && !m.implicit && !m.brand {
				holder, holderStart = m, t
				break
			}
		}
	}
	if holder == nil {
		return frame{}, false
	}
	var grantor *mention
	for i := range si.ments {
		m := &si.ments[i]
		if m.org == holder.org || m.brand || m.wi >= holderStart && m.wi < end {
			continue
		}
		if m.wi < holderStart {
			grantor = m // the subject: the organisation that gave the position
			break
		}
		if grantor == nil {
			grantor = m
		}
	}
	if grantor == nil {
		return frame{}, false
	}
	f := frame{typ: schemas.TypeExclusivity, holder: holder, grantor: grantor, score: 2, action: schemas.ActionGranted}
	switch {
	case exclusiveRemoval.in(low, 0, end) || hasPhrase(low, 0, end, "terminate", "terminated", "terminates", "terminating", "cancelled", "canceled"):
		f.action = schemas.ActionRemoved
	case exclusiveModify.in(low, 0, end):
		f.action = schemas.ActionModified
	}
	switch {
	case hasPrefixAny(low, t, end, "cloud", "train", "hosting", "compute") || holder.org.Kind == kindCloud:
		f.scope = "cloud"
	case hasPrefixAny(low, t, end, "distribut", "resell", "sell"):
		f.scope = "distribution"
	}
	return f, true
}

// otherNamedParty returns the one organisation other than not named
// explicitly anywhere in the sentence, or nil when there is none or several.
func otherNamedParty(si *sentenceInfo, not *Org) *mention {
	var found *mention
	for i := range si.ments {
		m := &si.ments[i]
		if m.org == not || m.brand || m.implicit {
			continue
		}
		if found != nil && found.org != m.org {
			return nil
		}
		if found == nil {
			found = m
		}
	}
	return found
}

var exclusiveAdverbPreps = map[string]bool{"from": true, "on": true, "through": true, "with": true, "via": true, "to": true, "in": true}

// adverbExclusivity reads "X will train its models exclusively on AWS",
// "buy compute exclusively from Microsoft": the organisation after the
// preposition holds the exclusive position, the subject grants it.
func adverbExclusivity(si *sentenceInfo, t, lo, hi int) (frame, bool) {
	low := si.low
	if low[t] != "exclusively" || t+2 >= len(low) || !exclusiveAdverbPreps[low[t+1]] {
		return frame{}, false
	}
	var holder, grantor *mention
	for i := range si.ments {
		m := &si.ments[i]
		if !m.implicit && !m.brand && (m.wi == t+2 || m.wi == t+3 && low[t+2] == "the") {
			holder = m
			break
		}
	}
	if holder == nil {
		return frame{}, false
	}
	for i := range si.ments {
		m := &si.ments[i]
		if m.wi < t && m.wi >= lo && m.org != holder.org && !m.brand && (m.wi == 0 || !preps[low[m.wi-1]]) {
			grantor = m
			break
		}
	}
	if grantor == nil {
		return frame{}, false
	}
	f := frame{typ: schemas.TypeExclusivity, holder: holder, grantor: grantor, score: 2, action: schemas.ActionGranted}
	switch {
	case exclusiveRemoval.in(low, lo, hi):
		f.action = schemas.ActionRemoved
	case exclusiveModify.in(low, lo, hi):
		f.action = schemas.ActionModified
	}
	switch {
	case hasPrefixAny(low, lo, hi, "distribut", "resell", "sell", "offer"):
		f.scope = "distribution"
	case hasPrefixAny(low, lo, hi, "cloud", "train", "run", "host", "compute") || holder.org.Kind == kindCloud:
		f.scope = "cloud"
	}
	return f, true
}

// exclusivityRank orders the changes to one exclusive right told in one
// article: the change is the news, a restated grant the background.
var exclusivityRank = map[string]int{schemas.ActionRemoved: 3, schemas.ActionModified: 2, schemas.ActionGranted: 1}

// exclusivityKey makes one event of every exclusivity frame between the same
// two organisations, whoever holds the right.
func exclusivityKey(f frame) string {
	a, b := f.holder.org.ID, f.grantor.org.ID
	if a > b {
		a, b = b, a
	}
	return "x|" + a + "|" + b
}

var exclusiveRemoval = newCueList("no longer", "remove", "removes", "removed", "removing", "end", "ends", "ended", "ending",
	"lose", "loses", "losing", "lost", "strip", "strips", "stripped", "drop", "drops", "dropped", "waive", "waives", "waived",
	"give up", "gives up", "gave up", "relinquish", "relinquished", "scrap", "scrapped", "scraps", "expire", "expired", "expires",
	"given up", "giving up", "wind down", "winds down", "winding down", "wound", "unwound", "phase out", "phased out", "lapse", "lapsed")

var exclusiveModify = newCueList("modify", "modified", "modifies", "narrow", "narrowed", "narrows", "change", "changed",
	"changes", "revise", "revised", "loosen", "loosened", "right of first refusal", "adjusted")

// nonRightNouns after "exclusive" name no right one organisation grants
// another: a news outlet's scoop, an adviser's mandate on a deal, a
// dependence.
var nonRightNouns = map[string]bool{
	"reporting": true, "report": true, "reports": true, "interview": true, "interviews": true, "story": true,
	"stories": true, "coverage": true, "scoop": true, "reliance": true, "dependence": true, "focus": true,
	"advisor": true, "adviser": true, "advisors": true, "advisers": true, "financial": true,
}

// exclusiveNonRight reports "exclusive" at t before a noun that names no
// exclusive right (nonRightNouns): "per Inc42 exclusive reporting", "Citi
// served as Yondr's exclusive financial advisor", "shifting from an
// exclusive reliance on OpenAI".
func exclusiveNonRight(low []string, t int) bool {
	return low[t] == "exclusive" && t+1 < len(low) && nonRightNouns[low[t+1]]
}

// purposeExclusively reports "exclusively for" at t followed by what
// something is made for rather than by an organisation: "to build
// foundation models exclusively for embodied AI", "a chip designed
// exclusively for large language models". That tells a product's focus,
// not a right one organisation grants another.
func purposeExclusively(si *sentenceInfo, t int) bool {
	low := si.low
	if low[t] != "exclusively" || t+2 >= len(low) || low[t+1] != "for" {
		return false
	}
	k := t + 2
	if low[k] == "the" || low[k] == "its" || low[k] == "their" {
		k++
	}
	i := mentionAt(si.ments, k)
	return i < 0 || si.ments[i].implicit
}

// hardwareExclusively reports "exclusively on" at t before an
// organisation's hardware: "trains its models exclusively on Amazon chips",
// "a model developed exclusively on AMD GPUs". That tells what the work
// runs on, not a right one organisation grants another; "exclusively on
// AWS" still reads as the cloud's exclusive position.
func hardwareExclusively(si *sentenceInfo, t int) bool {
	low := si.low
	if low[t] != "exclusively" || t+2 >= len(low) || low[t+1] != "on" {
		return false
	}
	i := mentionAt(si.ments, t+2)
	if i < 0 {
		return false
	}
	j := si.ments[i].wj
	return j < len(low) && hardwareNouns[low[j]]
}

func (x *Extractor) exclusivityFrame(si *sentenceInfo, t int) (frame, bool) {
	low := si.low
	lo, hi := clauseBounds(low, t)
	if t > 0 && (low[t-1] == "non" || low[t-1] == "-" && t > 1 && low[t-2] == "non") {
		return frame{}, false
	}
	if hasAny(low, t-3, t, "not", "never") && !hasSeq(low, t-3, t, "no", "longer") {
		return frame{}, false // "the agreement is not exclusive"
	}
	if genericExclusivity(low, t) {
		return frame{}, false // "the lesson is that exclusivity is a wasting asset"
	}
	if exclusiveNonRight(low, t) {
		return frame{}, false // "per Inc42 exclusive reporting", "served as Yondr's exclusive financial advisor"
	}
	if purposeExclusively(si, t) {
		return frame{}, false // "a chip designed exclusively for language models"
	}
	if hardwareExclusively(si, t) {
		return frame{}, false // "a model trained exclusively on AMD GPUs"
	}
	if f, ok := adverbExclusivity(si, t, lo, hi); ok {
		return f, true // "train its models exclusively on AWS": AWS holds
	}
	if f, ok := arrangementExclusivity(si, t); ok {
		return f, true // "the exclusive arrangement under which ...", "making AWS the exclusive cloud"
	}
	ms := mentionsIn(si.ments, lo, hi)
	var holder, grantor *mention
	// The possessor right before "exclusive": "Microsoft's exclusive access"
	// (it holds the right) or "its exclusive cloud provider" (it grants it).
	var possessor *mention
	for _, m := range ms {
		if m.wj == t || m.poss && m.wj+1 == t || m.wj+1 == t && low[m.wj] == "'s" {
			if m.poss || low[m.wi] == "its" || low[m.wi] == "their" || low[m.wi] == "our" {
				possessor = m
			}
		}
	}
	if possessor != nil {
		if hasAny(low, t+1, min(hi, t+4), "provider", "providers", "partner", "supplier", "reseller", "distributor", "host", "licensee", "vendor") {
			grantor = possessor
			for _, m := range ms {
				if m.wi < possessor.wi && m.org != possessor.org && !m.brand && (m.wi == 0 || !preps[low[m.wi-1]]) {
					holder = m
				}
			}
			if holder == nil {
				return frame{}, false
			}
		} else {
			holder = possessor
		}
	}
	if holder == nil && predicativeExclusiveTo(low, t) {
		// "X's models will (no longer) be exclusive to Y": Y holds the right
		if h := objectAfter(si, ms, t, hi, nil, "to"); h != nil {
			holder, grantor = h, subjectBefore(si, ms, lo, t)
		}
	}
	if holder == nil {
		// "X became its exclusive cloud provider", "X (no longer) has exclusive access"
		holder = subjectBefore(si, ms, lo, t)
	}
	if holder == nil {
		// "exclusive rights ... to X", "exclusive license granted to X"
		holder = objectAfter(si, ms, t, hi, nil, "to")
		if holder != nil {
			grantor = subjectBefore(si, ms, lo, t)
		}
	}
	if holder == nil {
		return frame{}, false
	}
	if grantor == nil {
		for _, m := range ms {
			if m.org != holder.org && !m.brand && (m.wi > t || m.wi < holder.wi || m.implicit) {
				grantor = m
				break
			}
		}
	}
	if grantor == nil {
		for _, m := range ms {
			if m.org != holder.org && !m.brand {
				grantor = m
				break
			}
		}
	}
	if grantor == nil && possessor == holder {
		// "ends Google's exclusive position on Galaxy devices, in place since Samsung began ...":
		// the grantor is named later in the sentence
		grantor = otherNamedParty(si, holder.org)
	}
	if grantor == nil {
		return frame{}, false
	}
	f := frame{typ: schemas.TypeExclusivity, holder: holder, grantor: grantor, score: 1.5}
	if possessor != nil {
		f.score += 0.5
	}
	alo := lo
	if lo > 0 && (low[lo-1] == "which" || low[lo-1] == "whereby") {
		alo = 0 // "ended its arrangement under which AWS was its exclusive provider"
	}
	switch {
	case exclusiveRemoval.in(low, alo, hi):
		f.action = schemas.ActionRemoved
	case exclusiveModify.in(low, alo, hi):
		f.action = schemas.ActionModified
	default:
		f.action = schemas.ActionGranted
	}
	switch {
	case hasSeq(low, lo, hi, "intellectual", "property") || hasAny(low, lo, hi, "ip", "technology", "models", "licence", "license", "licensing"):
		f.scope = "ip"
	case hasPrefixAny(low, t, hi, "cloud") || hasPrefixAny(low, lo, hi, "cloud", "hosting", "compute", "azure"):
		f.scope = "cloud"
	case hasPrefixAny(low, lo, hi, "distribut", "resell", "resale", "sell"):
		f.scope = "distribution"
	case hasAny(low, lo, hi, "first") && hasPrefixAny(low, lo, hi, "launch", "release"):
		f.scope = "first_launch"
	}
	return f, true
}
