package extract

import "github.com/dealwatch/dealwatch/schemas"

// Models trained on someone's chips. Real news states many compute deals as
// where a developer will train or run its models: "Anthropic will train and
// deploy its future models on AWS's Trainium chips", "will run its models
// on Google's TPUs". The developer buys compute from the organisation whose
// chips or cloud the models run on.

var runVerbs = map[string]bool{
	"train": true, "trains": true, "run": true, "runs": true, "deploy": true, "deploys": true, "serve": true,
	"serves": true, "host": true, "hosts": true, "build": true, "builds": true,
}

var runObjects = map[string]bool{"model": true, "models": true, "workloads": true, "workload": true, "llms": true, "ai": true}

// trainOnFrames returns, for the sentences that frames leave without a
// commitment between the two organisations, the compute commitments read
// from "X will train its models on Y's chips".
func trainOnFrames(infos []sentenceInfo, frames []frame, pubYear int) []frame {
	return purchaseStage(infos, frames, pubYear, trainOn)
}

// purchaseStage runs read over the sentences naming two organisations or
// more and keeps the stated purchases it finds between organisations that
// the frames (and the stage itself) have not already put in a deal.
func purchaseStage(infos []sentenceInfo, frames []frame, pubYear int, read func(*sentenceInfo) (frame, bool)) []frame {
	var out []frame
	for i := range infos {
		si := &infos[i]
		if len(si.ments) < 2 {
			continue
		}
		f, ok := read(si)
		if !ok || buysFrom(frames, f.from.org, f.to.org) || buysFrom(out, f.from.org, f.to.org) {
			continue
		}
		if frameModality(si.low, 0, len(si.low), pastYears(si.low, pubYear)) != schemas.ModalityStated || negatedTrigger(si.low, f.trig) {
			continue
		}
		f.sent, f.modality = i, schemas.ModalityStated
		out = append(out, f)
	}
	return out
}

// trainOn reads one sentence: a run verb, a models object, "on" or "using",
// then an organisation whose chips, accelerators or cloud follow.
func trainOn(si *sentenceInfo) (frame, bool) {
	low := si.low
	ms := mentionPtrs(si)
	for t, w := range low {
		if !runVerbFilter.mayHold(w) || !runVerbs[w] {
			continue
		}
		// the models: "its future models", "their AI workloads"
		obj := -1
		for k := t + 1; k < len(low) && k <= t+5; k++ {
			if runObjects[low[k]] && low[k] != "ai" {
				obj = k
				break
			}
		}
		if obj < 0 {
			continue
		}
		var on int = -1
		for k := obj + 1; k < len(low) && k <= obj+3; k++ {
			if low[k] == "on" || low[k] == "using" {
				on = k
				break
			}
		}
		if on < 0 {
			continue
		}
		seller := mentionAfterDescriptor(si, ms, on+1, min(len(low), on+5))
		if seller == nil || seller.implicit {
			continue
		}
		end := seller.wj
		if end < len(low) && (low[end] == "'s" || low[end] == "’s" || low[end] == "'") {
			end++
		}
		if !hasPrefixAny(low, end, min(len(low), end+8), strongComputeCues...) && !hasPrefixAny(low, end, min(len(low), end+3), "cloud", "infrastructure") {
			continue
		}
		buyer := subjectBefore(si, ms, 0, t)
		if buyer == nil || buyer.org == seller.org {
			continue
		}
		kind := schemas.KindCompute
		if !hasPrefixAny(low, end, min(len(low), end+8), strongComputeCues...) {
			kind = commitmentKind(si, on, min(len(low), end+6), seller)
		}
		return frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: kind, from: buyer, to: seller,
			directed: true, score: 0.8, trig: t}, true
	}
	return frame{}, false
}

// buysFrom reports a stated compute or cloud commitment from buyer to
// seller among frames.
func buysFrom(frames []frame, buyer, seller *Org) bool {
	for _, f := range frames {
		if f.typ == schemas.TypeCommitment && f.modality == schemas.ModalityStated && f.from != nil && f.to != nil &&
			f.from.org == buyer && f.to.org == seller && (f.kind == schemas.KindCompute || f.kind == schemas.KindCloudServices) {
			return true
		}
	}
	return false
}
