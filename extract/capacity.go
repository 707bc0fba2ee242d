package extract

import (
	"github.com/dealwatch/dealwatch/schemas"
)

// Capacity-only commitments. Real news often states a compute deal only by
// what is delivered, in a sentence whose verb is no commitment word ("a
// collaboration to co-develop and deploy 10 gigawatts of accelerators", "the
// offering will tap 18,000 chips from the chipmaker", "X will supply 10,000
// GPUs alongside networking"). LABELING.md makes such a commitment required,
// with amount null and the capacity set. This stage runs after the frame
// rules: a sentence whose capacity no commitment frame took gives one
// commitment from the buyer to the seller, where
//   - the seller is the organisation of the sentence that sells compute
//     (chip or hardware maker, neocloud, cloud), brand mentions included
//     ("18k Nvidia superchips"), the highest provider rank winning;
//   - the buyer is another organisation of the sentence with a lower rank,
//     else the seller's partner in a partnership stated earlier in the
//     article.
// Sentences that are not stated (rumour, denial, background, hypothesis)
// give nothing.

// capacityStageFloor is the least confidence a capacity-only commitment of
// this stage needs: no commitment word vouches for it. On real news (folds
// r–aa) 20 of the 25 it found were wrong, most of them scored 0.2–0.45 by
// the model, whose own floor let them through; the 5 right ones scored
// 0.67 or more. A guess is kept when the model finds it more likely right
// than wrong.
const capacityStageFloor = 0.5

// capacityFrames returns the capacity-only commitments of the sentences in
// infos that frames (all frames so far) leave without one.
func capacityFrames(infos []sentenceInfo, frames []frame, pubYear int) []frame {
	taken := map[int]bool{}
	for _, f := range frames {
		if f.typ == schemas.TypeCommitment && f.capacity != nil {
			taken[f.sent] = true
		}
	}
	var out []frame
	for i := range infos {
		si := &infos[i]
		if taken[i] || len(si.ments) == 0 {
			continue
		}
		caps := si.caps
		if countOrgs(si.ments) < 1 || !mayCommit(si.low) {
			caps = FindCapacities(si.Text) // the frame pass computed them only where a commitment word is
		}
		c := firstComputeCapacity(caps)
		if c == nil {
			continue
		}
		seller := capacitySeller(si, c)
		if seller == nil {
			continue
		}
		buyer := capacityBuyer(si, seller, c)
		if buyer != nil && seller.brand && !related(frames, buyer.org, seller.org) {
			// "its supercomputer will house 100,000 Nvidia GPUs": the maker of
			// the chips is no counterparty unless the article has them in a deal
			continue
		}
		if buyer == nil {
			buyer = partnerOf(frames, seller.org, i)
		}
		if buyer == nil {
			continue
		}
		t := wordIndexAt(si.ws, c.Start)
		past := pastYears(si.low, pubYear)
		if frameModality(si.low, 0, len(si.low), past) != schemas.ModalityStated {
			continue
		}
		cp := *c
		f := frame{
			typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCompute,
			from: buyer, to: seller, capacity: &cp, score: 0.6, sent: i, trig: t,
			modality: schemas.ModalityStated, floor: capacityStageFloor,
		}
		// "A, B and C will each install up to 50,000 of Nvidia's GPUs"
		if split, ok := splitChipBuyers(si, f, func() *mention { return makerBefore(infos, i) }); ok {
			out = append(out, split...)
			continue
		}
		out = append(out, f)
	}
	return out
}

func firstComputeCapacity(cs []Capacity) *Capacity {
	for i := range cs {
		if capacityIsCompute(&cs[i]) {
			return &cs[i]
		}
	}
	return nil
}

// capacitySeller is the sentence's organisation of the highest provider
// rank when that rank sells compute (cloud or above).
func capacitySeller(si *sentenceInfo, c *Capacity) *mention {
	var best *mention
	for k := range si.ments {
		m := &si.ments[k]
		if capacityRank(m, c) < 3 {
			continue
		}
		if best == nil || capacityRank(m, c) > capacityRank(best, c) {
			best = m
		}
	}
	return best
}

// capacityRank is an organisation's provider rank for capacity c: chips
// counted one by one are sold by their maker, even to a neocloud ("Humain
// announced a partnership with Nvidia to acquire 18,000 GB300 chips").
func capacityRank(m *mention, c *Capacity) int {
	o := m.org
	r := o.providerRank()
	if c != nil && c.Unit == "chips" && !m.brand && (o.Kind == kindChip || o.Kind == kindHardware) {
		r++ // a brand ("200,000 Nvidia chips" supplied by Nscale) names the chips, not their seller
	}
	return r
}

// capacityBuyer is the first named organisation of the sentence ranked below
// the seller (no brand, no group reference).
func capacityBuyer(si *sentenceInfo, seller *mention, c *Capacity) *mention {
	for k := range si.ments {
		m := &si.ments[k]
		if m.org == seller.org || m.brand || capacityRank(m, c) >= capacityRank(seller, c) {
			continue
		}
		if m.implicit && (si.low[m.wi] == "their" || si.low[m.wi] == "they") {
			continue
		}
		return m
	}
	return nil
}

// partnerOf returns the other party of the latest partnership with org
// stated before sentence i, as a mention usable in a frame.
func partnerOf(frames []frame, org *Org, i int) *mention {
	for k := len(frames) - 1; k >= 0; k-- {
		f := frames[k]
		if f.typ != schemas.TypePartnership || f.sent > i || f.modality != schemas.ModalityStated || len(f.partners) != 2 {
			continue
		}
		a, b := f.partners[0], f.partners[1]
		switch org {
		case a.org:
			if b.org.providerRank() < org.providerRank() {
				return b
			}
		case b.org:
			if a.org.providerRank() < org.providerRank() {
				return a
			}
		}
	}
	return nil
}

// related reports whether a stated frame of the article has both
// organisations among its parties.
func related(frames []frame, a, b *Org) bool {
	for _, f := range frames {
		if f.modality != schemas.ModalityStated {
			continue
		}
		has := map[*Org]bool{}
		for _, m := range append([]*mention{f.from, f.to, f.holder, f.grantor}, f.partners...) {
			if m != nil {
				has[m.org] = true
			}
		}
		if has[a] && has[b] {
			return true
		}
	}
	return false
}

// makerBefore returns a hardware maker named in one of the two sentences
// before sentence i: the brand of hardware ("powered by Nvidia's latest
// GPUs"), else a chipmaker ("Nvidia said it will supply its GPUs to ...").
func makerBefore(infos []sentenceInfo, i int) *mention {
	for _, chipmaker := range [2]bool{false, true} {
		for k := i - 1; k >= 0 && k >= i-2; k-- {
			for j := range infos[k].ments {
				m := &infos[k].ments[j]
				if !m.implicit && (m.brand || chipmaker && m.org.Kind == kindChip) {
					return m
				}
			}
		}
	}
	return nil
}
