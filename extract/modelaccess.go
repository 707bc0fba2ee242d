package extract

import "github.com/dealwatch/dealwatch/schemas"

// Model-access agreements. An AI developer's agreement with a company, told
// with the use of the developer's models as its purpose, is a purchase of
// paid model access: "Mistral AI has signed contracts with Airbus and BMW to
// deploy its AI models in their factories", "HSBC entered a multi-year
// agreement with Mistral AI, gaining access to its generative AI models"
// (r3380, r3403). LABELING.md: paid model access is cloud_services, bought
// by the company from the developer. An agreement with a cloud or a chip
// maker ("a partnership with AWS to distribute its models") is no purchase
// of the models.

// agreementNouns name a signed agreement.
var agreementNouns = map[string]bool{
	"deal": true, "deals": true, "contract": true, "contracts": true, "agreement": true, "agreements": true,
}

// modelUseVerbs put a developer's models to use after "to".
var modelUseVerbs = map[string]bool{"deploy": true, "bring": true, "use": true, "access": true}

// accessParticiples give access to the models: "gaining access to its models".
var accessParticiples = map[string]bool{"gaining": true, "getting": true, "giving": true, "granting": true}

// modelAccessDeal returns the cloud-services purchases of a sentence that
// tells an agreement between an AI developer and companies that use its
// models.
func modelAccessDeal(si *sentenceInfo, idx int) []frame {
	low := si.low
	var ms []*mention
	for t := 0; t+1 < len(low); t++ {
		if !agreementNounFilter.mayHold(low[t]) || !agreementNouns[low[t]] || low[t+1] != "with" {
			continue
		}
		if ms == nil {
			ms = mentionPtrs(si)
		}
		first := mentionAfterDescriptor(si, ms, t+2, min(len(low), t+5))
		if first == nil {
			continue
		}
		objects := append([]*mention{first}, coordinatedAfter(si, ms, first)...)
		end := objects[len(objects)-1].wj
		if !modelUsePurpose(low, end) {
			continue
		}
		subject := adopter(si, ms, t)
		if subject == nil {
			continue
		}
		var buyers []*mention
		var maker *mention
		switch {
		case subject.org.Kind == kindLab:
			maker, buyers = subject, objects // "Mistral has signed contracts with Airbus and BMW"
		case len(objects) == 1 && objects[0].org.Kind == kindLab:
			maker, buyers = objects[0], []*mention{subject} // "HSBC entered an agreement with Mistral AI"
		default:
			continue
		}
		var out []frame
		for _, b := range buyers {
			if b.org == maker.org || !modelBuyerKind(b.org.Kind) {
				continue
			}
			out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCloudServices,
				from: b, to: maker, directed: true, score: 0.7, sent: idx, trig: t})
		}
		return out
	}
	return nil
}

// modelUsePurpose reports, just after the agreement's parties end at word
// k, a purpose that puts the developer's models to use: "to deploy its AI
// models", "to bring its models into", "gaining access to its commercial
// generative AI models".
func modelUsePurpose(low []string, k int) bool {
	if k < len(low) && low[k] == "," {
		k++
	}
	switch {
	case k+1 < len(low) && low[k] == "to" && modelUseVerbs[low[k+1]]:
		k += 2
	case k+2 < len(low) && accessParticiples[low[k]] && low[k+1] == "access" && low[k+2] == "to":
		k += 3
	default:
		return false
	}
	if k < len(low) && low[k] == "to" { // "to deploy ... ", "giving access to"
		k++
	}
	if k >= len(low) || low[k] != "its" && low[k] != "their" {
		return false
	}
	for j := k + 1; j < len(low) && j <= k+6; j++ {
		switch low[j] {
		case "model", "models", "llm", "llms":
			return true
		case ",", ".", ";", "and":
			return false
		}
	}
	return false
}

// modelBuyerKind reports an organisation kind that buys a developer's models
// for its own use: not another developer, a cloud or a chip maker, which
// host, resell or supply them.
func modelBuyerKind(kind string) bool {
	switch kind {
	case kindLab, kindCloud, kindNeocloud, kindChip, kindHardware, kindGovernment:
		return false
	}
	return true
}
