package extract

import "github.com/dealwatch/dealwatch/schemas"

// Access to compute granted with a partnership. "Anthropic has expanded a
// strategic compute partnership with Google Cloud, securing access to Google
// Cloud TPUs at a scale reported in the gigawatt range" (r4491), "an
// expansion of its collaboration with Google Cloud, providing access to
// unprecedented compute capacity" (r4000): the participle tells what the
// partnership buys, compute from the partner that sells it.

// computeAccessParticiples open the grant: "securing access to".
var computeAccessParticiples = map[string]bool{
	"securing": true, "gaining": true, "providing": true, "giving": true, "getting": true, "granting": true,
}

// accessToCompute returns the compute commitment a participle of access
// tells beside a partnership of fs, unless fs already hold a commitment
// between the two.
func accessToCompute(si *sentenceInfo, idx int, fs []frame) []frame {
	low := si.low
	for t := 1; t+2 < len(low); t++ {
		if !accessParticipleFilter.mayHold(low[t]) || !computeAccessParticiples[low[t]] || low[t+1] != "access" || low[t+2] != "to" || low[t-1] != "," {
			continue
		}
		end := min(len(low), t+12)
		if !hasPrefixAny(low, t+3, end, "tpu", "gpu", "compute", "computing", "capacity", "chip", "gigawatt", "accelerator") {
			continue
		}
		for _, f := range fs {
			if f.typ != schemas.TypePartnership || len(f.partners) != 2 || commitmentBetween(fs, f.partners[0].org, f.partners[1].org) {
				continue
			}
			from, to := pairDirection(schemas.KindCompute, f.partners[0], f.partners[1])
			if !sellsCompute(to.org) || sellsCompute(from.org) {
				continue // who sells is not told by the kinds
			}
			return []frame{{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCompute, from: from, to: to,
				directed: true, score: 0.8, sent: idx, trig: t}}
		}
	}
	return nil
}

// sellsCompute reports an organisation whose kind sells compute: a cloud,
// a neocloud, a chip or hardware maker.
func sellsCompute(o *Org) bool {
	switch o.Kind {
	case kindCloud, kindNeocloud, kindChip, kindHardware:
		return true
	}
	return false
}
