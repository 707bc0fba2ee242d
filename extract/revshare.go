package extract

import "strings"

// Revenue shares: who pays whom a share of revenue, and whether a
// percentage names one.

// revenueShareParties reads who pays whom: "X pays Y", "payments from X to
// Y", "the revenue share that X pays to Y", "X will no longer pay Y a share".
func revenueShareParties(si *sentenceInfo, ms []*mention, lo, hi, t int) (*mention, *mention) {
	low := si.low
	// "from X to Y"
	for _, m := range ms {
		if m.wi > 0 && low[m.wi-1] == "from" {
			if to := objectAfter(si, ms, m.wi, hi, m.org, "to"); to != nil {
				return m, to
			}
		}
	}
	// "X pay(s) (to) Y"
	for k := lo; k < hi; k++ {
		switch low[k] {
		case "sharing", "share", "shares":
			// "X will stop sharing revenue with Y"
			if k+1 < hi && (low[k+1] == "revenue" || low[k+1] == "revenues" || low[k+1] == "profits") {
				from := subjectBefore(si, ms, lo, k)
				if from == nil {
					continue
				}
				if to := objectAfter(si, ms, k, hi, from.org, "with"); to != nil {
					return from, to
				}
			}
		case "pay", "pays", "paying", "paid", "pass", "passes", "hand", "hands", "handed", "remit", "remits":
			if low[k] == "paid" && k+1 < hi && low[k+1] == "to" {
				// "revenue share paid to Y"
				to := objectAfter(si, ms, k, hi, nil)
				if to == nil {
					continue
				}
				var from *mention
				for _, m := range ms {
					if m.org != to.org {
						from = m
						break
					}
				}
				return from, to
			}
			from := subjectBefore(si, ms, lo, k)
			if from == nil {
				// "the contract pays Samsung a percentage of the revenue
				// Google earns": the owner of the revenue pays
				if to := objectAfter(si, ms, k, hi, nil); to != nil {
					if owner := revenueOwner(si, ms, to.wj, hi, to.org); owner != nil {
						return owner, to
					}
				}
				continue
			}
			to := objectAfter(si, ms, k, hi, from.org)
			if to == nil {
				continue
			}
			return from, to
		case "receives", "receive", "received", "collects", "collect", "gets", "earns", "retain", "retains", "keep", "keeps":
			to := subjectBefore(si, ms, lo, k)
			if to == nil {
				continue
			}
			if from := objectAfter(si, ms, k, hi, to.org, "from"); from != nil {
				return from, to
			}
			// "receive 20% of OpenAI's revenue", "retain a 20% OpenAI revenue share"
			if from := revenueOwner(si, ms, k, hi, to.org); from != nil {
				return from, to
			}
		case "maintains", "maintain":
			// "OpenAI maintains a 20% revenue share back to Microsoft"
			from := subjectBefore(si, ms, lo, k)
			if from == nil {
				continue
			}
			if to := objectAfter(si, ms, k, hi, from.org, "to"); to != nil {
				return from, to
			}
		}
	}
	return nil, nil
}

// percentOfRevenue reports "20% of OpenAI's revenue" at the revenue word t.
func percentOfRevenue(low []string, t int) bool {
	if low[t] != "revenue" && low[t] != "revenues" {
		return false
	}
	for k := t - 1; k >= 1 && k >= t-5; k-- {
		if low[k] == "of" && (revenueFractions[low[k-1]] || strings.HasSuffix(low[k-1], "%")) {
			return true
		}
	}
	return false
}

// revenueFractions name a part of revenue before "of": "50 percent of the
// revenue", "half of the revenue from xAI subscriptions" (r4029, r4329), "a
// percentage of the revenue Google earns" (r4031).
var revenueFractions = map[string]bool{"%": true, "percent": true, "percentage": true, "half": true, "portion": true}

// earnVerbs tell whose revenue it is after it: "the revenue Google earns".
var earnVerbs = map[string]bool{"earns": true, "earned": true, "makes": true, "generates": true, "generated": true, "collects": true}

// revenueOwner returns the organisation whose revenue is shared, named after
// word k: "of OpenAI's revenue", "a 20% OpenAI revenue share".
func revenueOwner(si *sentenceInfo, ms []*mention, k, hi int, not *Org) *mention {
	low := si.low
	for _, m := range ms {
		if m.wi <= k || m.wi >= hi || m.implicit || m.org == not {
			continue
		}
		j := m.wj
		if j < len(low) && (low[j] == "'s" || low[j] == "’s") {
			j++
		}
		if j < len(low) && (low[j] == "revenue" || low[j] == "revenues") {
			return m
		}
		if m.wi > 0 && (low[m.wi-1] == "revenue" || low[m.wi-1] == "revenues") && m.wj < len(low) && earnVerbs[low[m.wj]] {
			return m // "a percentage of the revenue Google earns"
		}
	}
	return nil
}
