package extract

import "github.com/dealwatch/dealwatch/schemas"

// Anchor tenants. A facility's first large customer is told by a role, not
// by a verb of buying: "funding a 100,000-GPU AI gigafactory in Norway with
// OpenAI as anchor customer" (r10267), "OpenAI will be the anchor tenant
// for TCS's data centre" (r9980). The customer buys the facility's
// capacity from its builder: a compute commitment (LABELING.md: capacity
// in a data centre is compute), with no amount: an amount beside it is the
// builder's ("raised $1.1 billion, funding a gigafactory with OpenAI as
// anchor customer").

// anchorTenantFrames returns the anchor customers' commitments the frames
// do not already hold.
func anchorTenantFrames(infos []sentenceInfo, frames []frame, pubYear int) []frame {
	return purchaseStage(infos, frames, pubYear, anchorTenant)
}

// anchorRoles name the customer a facility is built around after "anchor".
var anchorRoles = map[string]bool{"customer": true, "tenant": true, "client": true, "offtaker": true}

// anchorTenant reads one sentence's anchor customer and the builder it buys
// from: "Y ... with X as (the) anchor customer", where Y is the subject,
// or "X will be (the) anchor tenant for (the) Y's ...", where Y follows.
func anchorTenant(si *sentenceInfo) (frame, bool) {
	low := si.low
	for t := 1; t+1 < len(low); t++ {
		if low[t] != "anchor" || !anchorRoles[low[t+1]] {
			continue
		}
		k := t - 1 // the word before "anchor", past an article
		if low[k] == "the" || low[k] == "an" || low[k] == "its" {
			k--
		}
		if k < 1 {
			continue
		}
		ms := mentionPtrs(si)
		var customer, seller *mention
		switch low[k] {
		case "as":
			customer = namedMentionEndingAt(si, k)
			if customer == nil || customer.wi < 1 || low[customer.wi-1] != "with" {
				continue
			}
			for _, m := range ms {
				if m.wj <= customer.wi && !m.brand && !m.poss && m.org != customer.org {
					seller = m // the subject the "with" clause follows
					break
				}
			}
		case "be", "is", "becomes", "become", "was":
			j := k - 1
			if j >= 0 && (low[j] == "will" || low[j] == "would") {
				j--
			}
			if customer = namedMentionEndingAt(si, j+1); customer == nil {
				continue
			}
			if e := t + 2; e+1 < len(low) && (low[e] == "for" || low[e] == "of" || low[e] == "at" || low[e] == "in") {
				seller = mentionAfterDescriptor(si, ms, e+1, min(len(low), e+6))
			}
		}
		if customer == nil || seller == nil || customer.org == seller.org {
			continue
		}
		return frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCompute,
			from: customer, to: seller, trig: t, directed: true, score: 1, untold: len(si.money) > 0}, true
	}
	return frame{}, false
}
