package extract

// Several companies that announce plans together announce a joint project:
// "A, B and C have unveiled plans for a data centre campus", "A and B
// announced plans to develop ...". The plan names no partnership word, yet
// it is one partnership of all of them. One company announcing plans is
// not, and neither is a plan to invest, buy or raise money, which the
// commitment frames read.

// planAnnouncers are the verbs that make a plan public.
var planAnnouncers = map[string]bool{
	"announced": true, "announce": true, "announces": true, "unveiled": true, "unveil": true, "unveils": true,
	"revealed": true, "reveal": true, "reveals": true, "outlined": true, "outline": true, "outlines": true,
	"detailed": true, "disclosed": true,
}

// jointPurposeVerbs make a thing together: the verb after "plans to".
var jointPurposeVerbs = map[string]bool{
	"build": true, "develop": true, "create": true, "construct": true, "establish": true, "launch": true,
	"form": true, "set": true, "expand": true, "work": true, "co-develop": true, "jointly": true, "bring": true,
}

// jointPlans reports "plans" at word t announced by two or more
// coordinated organisations, for a thing ("plans for X") or a joint making
// ("plans to develop X"): a partnership trigger.
func jointPlans(si *sentenceInfo, t int) bool {
	low := si.low
	if low[t] != "plans" || t < 2 || t+2 >= len(low) || !planAnnouncers[low[t-1]] {
		return false
	}
	switch low[t+1] {
	case "for":
	case "to":
		if !jointPurposeVerbs[low[t+2]] {
			return false
		}
	default:
		return false
	}
	ms := mentionPtrs(si)
	for _, m := range ms {
		if m.implicit || m.brand || m.poss || m.wj >= t {
			continue
		}
		// the subject's name, its legal form and an apposition ("Related
		// Digital, a data center developer, today announced"), then auxiliaries
		k := afterNameAndApposition(si, m.wj)
		for k < t-1 && (low[k] == "have" || low[k] == "has" || low[k] == "today" || low[k] == "jointly" || low[k] == "also") {
			k++
		}
		if k == t-1 {
			return len(coordinatedBefore(si, ms, m)) > 0
		}
	}
	return false
}
