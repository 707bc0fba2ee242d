package extract

import (
	"slices"

	"github.com/dealwatch/dealwatch/schemas"
)

// Cloud adoption. Enterprises buy a hyperscaler's cloud in words that name
// no purchase: "U.S. Bancorp has decided to move most of its applications to
// Microsoft's Azure cloud", "Wipro will migrate the workloads to Google
// Cloud Platform", "Southwest Airlines selected AWS as its preferred cloud
// provider", "Bank of America will tap into Microsoft's cloud services". The
// subject buys cloud services from the cloud (LABELING.md: spending on AWS,
// Azure, Google Cloud or OCI as a platform is cloud_services).

// moveVerbs move workloads somewhere ("send 1,000 of its applications to
// Azure", "ported over to Azure" too).
var moveVerbs = map[string]bool{
	"migrate": true, "migrates": true, "migrating": true, "migrated": true, "move": true, "moves": true,
	"moving": true, "moved": true, "shift": true, "shifts": true, "shifting": true, "shifted": true,
	"send": true, "sends": true, "sending": true, "port": true, "ports": true, "porting": true, "ported": true,
}

// chooseVerbs pick a supplier for a role.
var chooseVerbs = map[string]bool{
	"selected": true, "selects": true, "select": true, "named": true, "names": true, "chose": true, "chooses": true,
	"picked": true, "picks": true, "tapped": true,
}

// adoptionVerbFilter turns most words away before moveVerbs and
// chooseVerbs are asked.
var adoptionVerbFilter = newWordFilter(moveVerbs, chooseVerbs)

// cloudAdoption returns the cloud purchases of the sentence told as
// adoption.
func cloudAdoption(si *sentenceInfo, idx int) []frame {
	low := si.low
	var ms []*mention
	for t, w := range low {
		if !(adoptionVerbFilter.mayHold(w) && (moveVerbs[w] || chooseVerbs[w])) && w != "tap" && w != "taps" && w != "tapping" && w != "using" && w != "uses" && w != "use" {
			continue
		}
		if ms == nil {
			ms = mentionPtrs(si)
		}
		var cloud *mention
		var also []*mention // more clouds chosen with it: "selected Microsoft and Google as its public cloud providers"
		switch {
		case moveVerbs[w]:
			// "move most of its software applications to Microsoft's Azure cloud"
			for k := t + 1; k < len(low) && k <= t+10; k++ {
				if low[k] == "to" || low[k] == "onto" {
					cloud = cloudAt(si, ms, k+1)
					break
				}
				if low[k] == "," || low[k] == "." || low[k] == "from" {
					break
				}
			}
		case (w == "tap" || w == "taps" || w == "tapping") && t+1 < len(low) && low[t+1] == "into":
			cloud = cloudAt(si, ms, t+2) // "will tap into Microsoft's cloud services"
		case w == "using" || w == "uses" || w == "use":
			// "the partnership involves G42 using Microsoft's cloud services"
			if m := cloudAt(si, ms, t+1); m != nil && m.wj < len(low) && (low[m.wj] == "'s" || low[m.wj] == "’s") {
				cloud = m
			}
		case chooseVerbs[w]:
			// "selected AWS as its preferred cloud provider", "has selected
			// Microsoft and Google as its public cloud providers": the role
			// names the cloud, so the company's own name will do
			m := cloudAt(si, ms, t+1)
			if m == nil {
				if c := mentionAfterDescriptor(si, ms, t+1, min(len(low), t+4)); c != nil && !c.implicit && c.org.Kind == kindCloud {
					m = c
				}
			}
			var more []*mention
			end := 0
			if m != nil {
				end = m.wj
				for _, c := range coordinatedAfter(si, ms, m) {
					if c.org.Kind != kindCloud {
						break
					}
					more, end = append(more, c), c.wj
				}
			}
			if m != nil && end < len(low) && low[end] == "as" && hasAny(low, end+1, min(len(low), end+6), "cloud") &&
				hasAny(low, end+1, min(len(low), end+7), "provider", "providers", "partner", "partners", "platform", "platforms", "supplier", "suppliers") {
				cloud, also = m, more
			}
		}
		if cloud == nil || hasAny(low, 0, t, "reports", "report", "reportedly", "rumours", "rumors") {
			continue // "after reports that Anthropic was shifting more of its training to AWS"
		}
		buyer := adopter(si, ms, t)
		if buyer == nil || buyer.org == cloud.org {
			continue
		}
		out := []frame{{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCloudServices, from: buyer, to: cloud,
			directed: true, score: 0.8, sent: idx, trig: t}}
		for _, c := range also {
			if c.org != buyer.org && c.org != cloud.org {
				out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCloudServices, from: buyer, to: c,
					directed: true, score: 0.8, sent: idx, trig: t})
			}
		}
		return out
	}
	return nil
}

// cloudAt returns a hyperscaler named at word k (after a short descriptor)
// as a cloud: by its cloud's name ("Azure", "Google Cloud Platform", "AWS")
// or followed by "cloud" ("Microsoft's cloud services").
func cloudAt(si *sentenceInfo, ms []*mention, k int) *mention {
	if k >= len(si.low) {
		return nil
	}
	m := mentionAfterDescriptor(si, ms, k, min(len(si.low), k+3))
	if m == nil || m.implicit || m.org.Kind != kindCloud {
		return nil
	}
	if isCloudProduct(m.surface) {
		return m
	}
	j := m.wj
	if j < len(si.low) && (si.low[j] == "'s" || si.low[j] == "’s") {
		j++
	}
	for n := 0; n < 3 && j+n < len(si.low); n++ {
		if si.low[j+n] == "cloud" {
			return m
		}
	}
	return nil
}

// hasCommitment reports a commitment among the frames.
func hasCommitment(fs []frame) bool {
	for _, f := range fs {
		if f.typ == schemas.TypeCommitment {
			return true
		}
	}
	return false
}

// commitsTo reports a commitment among the frames from a to b.
func commitsTo(fs []frame, a, b *Org) bool {
	return slices.ContainsFunc(fs, func(f frame) bool {
		return f.typ == schemas.TypeCommitment && f.from != nil && f.to != nil && f.from.org == a && f.to.org == b
	})
}

// commitmentBetween reports a commitment among the frames between a and b,
// either way.
func commitmentBetween(fs []frame, a, b *Org) bool { return commitsTo(fs, a, b) || commitsTo(fs, b, a) }

// adopter is the subject that adopts a cloud at word t: the nearest
// organisation before t that is not named inside the object of another
// verb ("upgrade its core SAP ERP system and migrate ...": SAP is a
// product there).
func adopter(si *sentenceInfo, ms []*mention, t int) *mention {
	var best *mention
	for _, m := range ms {
		if m.wj > t || m.brand || m.wi > 0 && preps[si.low[m.wi-1]] && si.low[m.wi-1] != "by" {
			continue
		}
		owned := false
		for k := m.wi - 1; k >= 0 && k >= m.wi-2; k-- {
			if si.low[k] == "its" || si.low[k] == "their" || si.low[k] == "the" || si.low[k] == "our" {
				owned = true
			}
		}
		if owned || inList(si, m) {
			continue
		}
		if best == nil || m.wi > best.wi {
			best = m
		}
	}
	return best
}
