package extract

import (
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// mergeCapacityKind completes keep, the reading of a deal kept when two
// trigger words of one sentence describe it, from the other reading: a deal
// that buys gigawatts, megawatts or chips is compute (LABELING.md), even when
// the clause holding the amount only says "a contract" with a cloud company.
func mergeCapacityKind(keep *frame, other frame) {
	if keep.capacity == nil && other.capacity != nil {
		keep.capacity = other.capacity
	}
	if keep.kind == schemas.KindCloudServices && (other.kind == schemas.KindCompute && other.capacity != nil || keep.capacity != nil && capacityIsCompute(keep.capacity)) {
		keep.kind = schemas.KindCompute
	}
}

func capacityIsCompute(c *Capacity) bool {
	return c != nil && (c.Unit == "GW" || c.Unit == "MW" || c.Unit == "chips")
}

// equityBought reports a purchase of equity inside [lo, hi): "for an 80%
// stake", "an equity stake", "in exchange for shares".
func equityBought(low []string, lo, hi int) bool {
	for k := max(lo, 0); k < min(hi, len(low)); k++ {
		switch low[k] {
		case "stake", "stakes", "equity":
			// "deploy 6 gigawatts of AMD GPUs and take a stake in AMD": hardware was bought first
			return !hasPrefixAny(low, lo, k, strongComputeCues...)
		case "shares":
			if k > 0 && (low[k-1] == "for" || low[k-1] == "new" || low[k-1] == "preferred") {
				return true
			}
			fallthrough
		case "stock":
			// "buy $2 billion of Intel's common stock" (r4628), "$350 million
			// worth of CoreWeave stock" (r4620): an amount of a company's stock
			if hasAny(low, max(lo, k-6), k, "of") && !hasAny(low, max(lo, k-6), k, "price", "prices") {
				return true
			}
		}
	}
	return false
}

// stakeBesidePurchase reports two readings of one sentence that are two
// deals: a purchase of capacity and a stake ("OpenAI will deploy 6 gigawatts
// of AMD GPUs and could take a stake of up to 10% in AMD").
func stakeBesidePurchase(f, g frame) bool {
	if f.kind == g.kind || !f.directed || !g.directed {
		return false
	}
	if g.kind == schemas.KindInvestment {
		f, g = g, f
	}
	return f.kind == schemas.KindInvestment && g.capacity != nil && capacityIsCompute(g.capacity)
}

// acquiresHardware reports "acquire"/"obtain"/"source" at t with hardware as
// its object within a few words: "acquire 50,000 AMD MI450 chips".
func acquiresHardware(low []string, t int) bool {
	switch low[t] {
	case "acquire", "acquires", "acquired", "acquiring", "obtain", "obtains", "source", "sources", "sourcing":
	default:
		return false
	}
	for k := t + 1; k < len(low) && k <= t+6; k++ {
		if hardwareNouns[low[k]] {
			// "acquired Israeli AI chip developer Habana Labs": a company that makes chips
			return k+1 >= len(low) || !descriptorHeads[low[k+1]] && low[k+1] != "developer" && low[k+1] != "designer" && low[k+1] != "maker" && low[k+1] != "startup"
		}
		if low[k] == "," && k+1 < len(low) && isDigitStart(low[k-1]) && isDigitStart(low[k+1]) {
			continue // "50,000"
		}
		if low[k] == "," || low[k] == "." || low[k] == "from" && k == t+1 {
			return false
		}
	}
	return false
}

// valuationOfAnother reports text after an amount that introduces a second
// amount as the valuation: "$1.38 billion at a valuation of $13 billion"
// (the first amount is the money raised, not a valuation).
func valuationOfAnother(post string) bool {
	for _, p := range []string{" at a valuation", ", at a valuation", " at a post-money valuation", " at a pre-money valuation", " at a valuation of", " valuing "} {
		if strings.HasPrefix(post, p) {
			return true
		}
	}
	return false
}

// What is bought decides the kind (LABELING.md): chips, GPU capacity,
// gigawatts or computing power are compute; spending on a named cloud
// platform, model access and licences are cloud services.
var strongComputeCues = []string{"gpu", "tpu", "chip", "accelerator", "processor", "capacity", "gigawatt", "megawatt", "gw",
	"mw", "superchip", "trainium", "server", "graphics", "nvl72", "gb200", "gb300", "blackwell", "hopper", "h100", "h200",
	"b200", "mi300", "mi350", "mi450", "tensor", "supercomput", "cluster"}

// chipCues name the hardware or power itself.
var chipCues = []string{"gpu", "tpu", "chip", "accelerator", "processor", "gigawatt", "megawatt", "superchip",
	"trainium", "graphics", "nvl72", "gb200", "gb300", "blackwell", "hopper", "h100", "h200", "b200", "mi300", "mi350", "mi450",
	"tensor"}

var weakComputeCues = []string{"computing", "compute", "data-cent", "datacent", "infrastructure", "processing", "hardware",
	"train", "training", "inference", "power"}

var cloudProducts = map[string]bool{"aws": true, "amazon web services": true, "azure": true, "microsoft azure": true,
	"google cloud": true, "google cloud platform": true, "gcp": true, "oci": true, "oracle cloud": true,
	"oracle cloud infrastructure": true, "alibaba cloud": true, "ibm cloud": true, "tencent cloud": true, "huawei cloud": true,
	"azure cloud": true, "microsoft cloud": true}

// isCloudProduct reports whether a name, in lower case, is one of
// cloudProducts (lowered in a buffer, not allocated).
func isCloudProduct(name string) bool {
	var buf [32]byte
	return cloudProducts[string(lowered(buf[:], name))]
}

func commitmentKind(si *sentenceInfo, lo, hi int, to *mention) string {
	// Words inside organisation names ("Oracle Cloud Infrastructure") say nothing about what is bought.
	low := make([]string, len(si.low))
	copy(low, si.low)
	namedCloud, cloudObject, spentOnCloud := false, false, false
	for _, m := range si.ments {
		if !m.implicit {
			for k := m.wi; k < m.wj && k < len(low); k++ {
				low[k] = ""
			}
			if m.wi >= lo && m.wi < hi && isCloudProduct(m.surface) {
				namedCloud = true
				// "spend $38 billion on Amazon Web Services": the platform itself is bought
				if to != nil && m.org == to.org && !m.poss && m.wi > 0 && (si.low[m.wi-1] == "on" || si.low[m.wi-1] == "with" || si.low[m.wi-1] == "to") &&
					!hasPrefixAny(si.low, m.wj, min(len(si.low), m.wj+3), strongComputeCues...) { // not "on AWS' chips": the chips are bought
					cloudObject = true
					spentOnCloud = si.low[m.wi-1] == "on"
				}
				// "a $30 billion purchase of Azure compute capacity", "$100 billion of AWS compute":
				// capacity named by the cloud platform is the platform's service
				if to != nil && m.org == to.org && !computeClouds[to.org.ID] && m.wj < len(si.low) &&
					(si.low[m.wj] == "compute" || si.low[m.wj] == "computing" || si.low[m.wj] == "capacity") {
					cloudObject = true
				}
			}
		}
	}
	// "a deal with Google Cloud to boost its computing power using Google's
	// TPUs": the chips are what is bought (LABELING.md: TPUs are compute)
	chips := hasPrefixAny(low, lo, hi, chipCues...)
	if to != nil && to.org.Kind == kindCloud && !spentOnCloud && (hasPrefixAny(si.low, 0, len(si.low), "tpu") || hasSeq(si.low, 0, len(si.low), "tensor", "processing")) {
		// "a deal with Google Cloud to boost its computing power using Google's
		// TPUs", "access to one million TPUs and tens of billions in Google Cloud
		// services": TPUs are compute wherever the sentence names them
		// (LABELING.md), unless the money is spent on the platform itself
		// ("commit $1.2 billion on Google Cloud services, using its TPUs");
		// spending on AWS stays cloud services, Trainium or not
		return schemas.KindCompute
	}
	if cloudObject && !chips || namedCloud && !chips && hasAny(low, lo, hi, "storage", "networking", "services", "database", "databases") ||
		to != nil && to.org.Kind == kindCloud && hasAny(low, lo, hi, "storage", "networking", "database", "databases") && hasAny(low, lo, hi, "services", "service") {
		// "use Google's servers, storage and networking services": a cloud's services are bought
		return schemas.KindCloudServices
	}
	if equityBought(low, lo, hi) {
		return schemas.KindInvestment // "paying Meta $27 billion for an 80% stake"
	}
	// "the GPU cloud provider", "AI cloud company": a description of the seller, not what is bought
	for k := max(lo, 0); k < min(hi, len(low)); k++ {
		if strings.HasPrefix(low[k], "cloud") && k+1 < len(low) && (low[k+1] == "provider" || low[k+1] == "providers" || low[k+1] == "company" || low[k+1] == "operator" || low[k+1] == "firm" || low[k+1] == "startup" || low[k+1] == "specialist" || low[k+1] == "unit" || low[k+1] == "business" || low[k+1] == "division") {
			low[k] = ""
		}
	}
	if to != nil && computeClouds[to.org.ID] && !amongClouds(si, to) && hasAny(low, lo, hi, "computing", "compute", "capacity", "gigawatts", "gw") &&
		!hasAny(low, lo, hi, "services", "service", "platform", "storage", "database", "databases", "software", "applications") {
		return schemas.KindCompute // "a $300 billion cloud computing contract with Oracle" (LABELING.md)
	}
	if hasSeq(low, lo, hi, "cloud", "services") || hasSeq(low, lo, hi, "cloud", "computing", "services") ||
		hasSeq(low, lo, hi, "cloud", "computing") && !hasSeq(low, lo, hi, "cloud", "computing", "capacity") && !hasSeq(low, lo, hi, "cloud", "computing", "power") {
		return schemas.KindCloudServices
	}
	dataCentres := hasSeq(low, lo, hi, "data", "centers") || hasSeq(low, lo, hi, "data", "centres") || hasSeq(low, lo, hi, "data", "center") || hasSeq(low, lo, hi, "data", "centre")
	if hasPrefixAny(low, lo, hi, strongComputeCues...) || hasSeq(low, lo, hi, "computing", "power") || hasSeq(low, lo, hi, "compute", "power") ||
		hasSeq(low, lo, hi, "computing", "capacity") || hasSeq(low, lo, hi, "compute", "capacity") {
		return schemas.KindCompute
	}
	if namedCloud || hasPrefixAny(low, lo, hi, "cloud", "licen", "api") || modelAccess(low, lo, hi) || sellersModelNamed(si, lo, hi, to) {
		return schemas.KindCloudServices
	}
	if dataCentres || hasPrefixAny(low, lo, hi, weakComputeCues...) {
		return schemas.KindCompute
	}
	for k := 0; k+1 < min(hi, len(low)); k++ {
		if (low[k] == "investment" || low[k] == "investor") && companyNouns[low[k+1]] {
			low[k] = "" // "Norwegian industrial investment company Aker": a description, not what is bought
		}
	}
	if hasAny(low, 0, hi, "investment", "investments", "funding", "round", "fundraising", "investor", "investors") {
		return schemas.KindInvestment // "the largest investment came from X, which put in ¥5 billion"
	}
	if to != nil {
		switch to.org.Kind {
		case kindCloud, kindSoftware, kindLab:
			return schemas.KindCloudServices
		}
	}
	return schemas.KindCompute
}

// boughtNamed reports whether words [lo, hi) name what a deal buys: chips,
// capacity, cloud services, a licence, models, equity.
func boughtNamed(si *sentenceInfo, lo, hi int) bool {
	if hasPrefixAny(si.low, lo, hi, strongComputeCues...) || hasPrefixAny(si.low, lo, hi, weakComputeCues...) ||
		hasPrefixAny(si.low, lo, hi, "cloud", "licen", "api", "model", "service", "storage", "stake", "equity", "share", "search", "software", "tool") {
		return true
	}
	for _, m := range si.ments {
		if !m.implicit && m.wi >= lo && m.wi < hi && isCloudProduct(m.surface) {
			return true
		}
	}
	return false
}

// sellersModelNamed reports a mention in [lo, hi) of the seller's AI model
// or assistant ("Gemini-powered Siri", "Claude for its staff"): what is
// bought is access to the model.
func sellersModelNamed(si *sentenceInfo, lo, hi int, to *mention) bool {
	if to == nil {
		return false
	}
	for _, m := range si.ments {
		if m.org == to.org && !m.implicit && m.wi >= lo && m.wi < hi && modelProducts[strings.ToLower(m.surface)] {
			return true
		}
	}
	return false
}

// modelAccess: "access to its models", "use Anthropic's models" is paid model
// access (cloud services); "to train its models" is what compute is for.
func modelAccess(low []string, lo, hi int) bool {
	for k := max(lo, 0); k < min(hi, len(low)); k++ {
		if low[k] != "model" && low[k] != "models" {
			continue
		}
		if hasAny(low, k-4, k, "train", "training", "trains", "serve", "serving", "run", "running", "build", "building", "develop", "developing", "power", "powering") {
			continue
		}
		if hasAny(low, k-4, k, "access", "use", "using", "uses", "offer", "offering", "license", "licence", "licensing", "sell", "selling", "'s") {
			return true
		}
	}
	return false
}

// committedToLab: "Microsoft has committed $13 billion to OpenAI" with no
// word about what is bought is money put into the developer.
func committedToLab(si *sentenceInfo, f frame, t int) bool {
	return f.money != nil && f.to != nil && f.from != nil && f.to.org.Kind == kindLab &&
		(f.from.org.Kind == kindCloud || f.from.org.Kind == kindInvestor || f.from.org.Kind == kindChip) &&
		(si.low[t] == "committed" || si.low[t] == "commit" || si.low[t] == "commits" || si.low[t] == "committing" || si.low[t] == "pledged") &&
		!hasPrefixAny(si.low, t, min(len(si.low), t+12), append(append([]string{"cloud", "licen", "model", "api"}, strongComputeCues...), weakComputeCues...)...)
}

// spentOnHyperscaler: an enterprise's "investment in Microsoft" is spending
// on its cloud, not equity: "KPMG planning to invest $2 billion in
// Microsoft within 5 years", "a $1.5 billion investment from Vodafone into
// Microsoft over the next decade", "Wesfarmers is committing to a
// substantial investment in Microsoft's cloud and AI ecosystem" (r3411,
// r3388, r3639 label cloud services). An investor, a lab, a chip maker or
// another cloud buys equity, and so does anyone the clause says takes
// shares or a stake.
func spentOnHyperscaler(si *sentenceInfo, f frame, lo, hi int) bool {
	if f.from == nil || f.to == nil || f.to.org.Kind != kindCloud {
		return false
	}
	switch f.from.org.Kind {
	case kindInvestor, kindLab, kindChip, kindCloud, kindJV, "":
		return false
	}
	return !hasAny(si.low, lo, hi, "stake", "stakes", "shares", "share", "equity", "stock", "acquire", "acquired", "acquisition", "buy", "bought", "ownership")
}

// amongClouds reports a seller the sentence names beside two clouds or more:
// "a cloud computing contract worth $9 billion jointly to Microsoft, Amazon,
// Google and Oracle" (r4786, r5136) buys the same cloud platform service
// from each of them, Oracle included.
func amongClouds(si *sentenceInfo, to *mention) bool {
	n := 0
	for _, m := range si.ments {
		if m.org != to.org && !m.implicit && m.org.Kind == kindCloud && !computeClouds[m.org.ID] {
			n++
		}
	}
	return n >= 2
}
