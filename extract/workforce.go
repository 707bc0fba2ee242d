package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Rollouts to a workforce. Enterprises buy an AI company's models in words
// that name no purchase: "KPMG deployed Claude to 276,000 employees",
// "Deloitte's decision to deploy Anthropic's Claude across its global
// workforce", "the bank will deploy ChatGPT Enterprise to all 120,000
// employees", "a $1 billion initiative with Microsoft to deploy Microsoft
// 365 Copilot across 400,000 staff". The labels give the enterprise a
// cloud-services commitment to the model's maker (r2818, r2819, r2820,
// r3412, r3418, r3419; LABELING.md: paid model access is cloud_services).

// rolloutVerbs put software in the hands of a workforce.
var rolloutVerbs = map[string]bool{
	"deploy": true, "deploys": true, "deployed": true, "deploying": true, "roll": true, "rolls": true,
	"rolled": true, "rolling": true,
}

// workforceNouns name the people a rollout reaches.
var workforceNouns = map[string]bool{
	"employees": true, "staff": true, "workers": true, "workforce": true, "consultants": true,
	"professionals": true, "bankers": true, "colleagues": true,
}

// workforceRollout returns the cloud-services purchase of a sentence that
// rolls a maker's model or assistant out to the subject's workforce.
func workforceRollout(si *sentenceInfo, idx int) []frame {
	low := si.low
	for t, w := range low {
		if !rolloutVerbFilter.mayHold(w) || !rolloutVerbs[w] {
			continue
		}
		k := t + 1
		if w == "roll" || w == "rolls" || w == "rolled" || w == "rolling" {
			if k >= len(low) || low[k] != "out" {
				continue
			}
			k++
		}
		reach := -1 // "to 276,000 employees", "across its global workforce"
		for j := k; j < len(low) && j <= k+12; j++ {
			if workforceNouns[low[j]] {
				reach = j
				break
			}
			if low[j] == "." || low[j] == ";" {
				break
			}
		}
		if reach < 0 || !workforceReach(low, k, reach) {
			continue
		}
		ms := mentionPtrs(si)
		var maker *mention
		for _, m := range ms {
			if m.wi >= k && m.wj <= reach && !m.implicit && (m.org.Kind == kindLab || m.org.Kind == kindCloud || m.org.Kind == kindSoftware) {
				maker = m // "Anthropic's Claude", "ChatGPT Enterprise", "Microsoft 365 Copilot"
				break
			}
		}
		if maker == nil {
			continue
		}
		buyer := adopter(si, ms, t)
		if buyer == nil || buyer.org == maker.org {
			continue
		}
		return []frame{{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCloudServices, from: buyer, to: maker,
			directed: true, score: 0.8, sent: idx, trig: t}}
	}
	return nil
}

// workforceReach reports a workforce told by its size or as a whole just
// before the noun at j: "276,000 employees", "all 120,000 staff", "its
// global workforce", "400,000+ staff".
func workforceReach(low []string, lo, j int) bool {
	for k := max(lo, j-3); k < j; k++ {
		w := strings.TrimSuffix(low[k], "+")
		if w == "all" || w == "its" || w == "their" || w == "global" || w == "entire" || w == "whole" || isDigits(strings.ReplaceAll(w, ",", "")) {
			return true
		}
	}
	return false
}
