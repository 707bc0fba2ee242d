package extract

import (
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Contracts a public body shares among several providers. Real news tells
// multi-award contracts in many shapes besides "awarded ... to A, B and C"
// (awardedToList): "The Pentagon said Wednesday that Amazon, Google,
// Microsoft and Oracle received a cloud-computing contract" (r5134), "The
// Defense Department has named Amazon, Google, Microsoft and Oracle as the
// winners of a multibillion-dollar cloud computing contract" (r5136),
// "Pentagon Finalizes Amazon, Microsoft, Google, and Oracle for $9B Cloud
// Contract" (r5135), "Google, Microsoft, Oracle and Amazon Web Services
// will each share a piece of the Defense Department's $9 billion contract"
// (r4366). The body commits to each provider, with no share of a total
// (LABELING.md: a combined amount gives each an event with amount null).

// receiveVerbs tell that the listed providers got a contract.
var receiveVerbs = map[string]bool{"received": true, "receive": true, "receives": true, "won": true, "win": true, "wins": true, "share": true}

// namingVerbs pick the listed providers for a contract.
var namingVerbs = map[string]bool{
	"named": true, "names": true, "selected": true, "selects": true, "picked": true, "picks": true, "chose": true,
	"chooses": true, "finalizes": true, "finalized": true, "finalises": true, "finalised": true, "taps": true, "tapped": true,
}

// winnerNouns follow "as (the)" after namingVerbs.
var winnerNouns = map[string]bool{"winners": true, "awardees": true, "providers": true, "vendors": true, "recipients": true, "suppliers": true}

// awardNouns are what the providers got.
var awardNouns = map[string]bool{"contract": true, "contracts": true, "award": true, "awards": true}

// listedAwardees returns a commitment from the sentence's public body to
// each provider of a list that received, won or shares a contract, or that
// the body named as its winners; none where a frame already links the two.
func listedAwardees(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	if !slices.ContainsFunc(low, func(w string) bool { return awardNounFilter.mayHold(w) && awardNouns[w] }) {
		return nil // (the cheap test first)
	}
	ms := mentionPtrs(si)
	for t, w := range low {
		var list []*mention
		var payer *mention
		switch {
		case receiveVerbs[w]:
			// "A, B, C and D received a contract", "will each share a piece of X's contract"
			list = listEndingAt(si, ms, t)
			if len(list) < 2 || !hasAnyIn(low, t+1, min(len(low), t+14), awardNouns) {
				continue
			}
			payer = awardingBody(si, ms, list, t)
		case namingVerbs[w]:
			// "has named A, B, C and D as the winners of a contract", "Finalizes A, B, C, and D for $9B Cloud Contract"
			first := explicitAt(ms, t+1)
			if first == nil {
				continue
			}
			list = append([]*mention{first}, coordinatedAfter(si, ms, first)...)
			end := list[len(list)-1].wj
			named := end+2 < len(low) && low[end] == "as" && (winnerNouns[low[end+1]] || low[end+1] == "the" && winnerNouns[low[end+2]])
			chosenFor := end < len(low) && low[end] == "for" && hasAnyIn(low, end+1, min(len(low), end+8), awardNouns)
			if len(list) < 2 || !named && !chosenFor {
				continue
			}
			payer = subjectBefore(si, ms, 0, t)
		default:
			continue
		}
		if payer == nil || payer.org.Kind != kindOther && payer.org.Kind != kindGovernment {
			continue // a public body pays: not "Microsoft said that A and B received ..."
		}
		var out []frame
		for _, m := range list {
			if m.org == payer.org || m.brand || m.implicit || commitsTo(fs, payer.org, m.org) {
				continue
			}
			kind := commitmentKind(si, t, len(low), m)
			if kind == schemas.KindCompute && slices.ContainsFunc(low, func(w string) bool { return strings.HasPrefix(w, "cloud") }) {
				kind = schemas.KindCloudServices // a public body's "cloud-computing contract" buys cloud services, even from Oracle
			}
			out = append(out, frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: kind,
				from: payer, to: m, untold: true, directed: true, score: 1.5, sent: idx, trig: t})
		}
		return out
	}
	return nil
}

// listEndingAt returns the list of organisations that ends right before
// word t, over "will", "each", "have" and "all" ("A, B, C and D will each
// share", "A, B and C received").
func listEndingAt(si *sentenceInfo, ms []*mention, t int) []*mention {
	low := si.low
	k := t
	for k > 0 && (low[k-1] == "will" || low[k-1] == "each" || low[k-1] == "all" || low[k-1] == "have" || low[k-1] == "has") {
		k--
	}
	var last *mention
	for _, m := range ms {
		if !m.implicit && !m.brand && itemEnd(si, ms, m.wj, len(low)) == k {
			last = m
		}
	}
	if last == nil {
		return nil
	}
	// the list's first item: the earliest mention whose list reaches last
	for _, m := range ms {
		if m.implicit || m.brand || m.wi >= last.wi {
			continue
		}
		items := coordinatedAfter(si, ms, m)
		if len(items) > 0 && items[len(items)-1] == last {
			return append([]*mention{m}, items...)
		}
	}
	return nil
}

// awardingBody is the body whose contract the listed providers got: the
// possessor of the contract after t ("a piece of the Defense Department's
// $9 billion contract"), else the subject of the clause that reports the
// award ("The Pentagon said Wednesday that A, B, C and D received").
func awardingBody(si *sentenceInfo, ms []*mention, list []*mention, t int) *mention {
	for _, m := range ms {
		if m.wi > t && m.wi < t+10 && m.poss && !m.implicit && !m.brand {
			return m
		}
	}
	first := list[0]
	for _, m := range ms {
		if m.wj <= first.wi && !m.implicit && !m.brand && hasAny(si.low, m.wj, first.wi, "said", "says", "announced", "announces", "confirmed") {
			return m
		}
	}
	return nil
}
