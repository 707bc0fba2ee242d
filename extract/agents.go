package extract

var irregularParticiples = map[string]bool{
	"built": true, "run": true, "made": true, "owned": true, "held": true, "driven": true, "written": true,
	"hosted": true, "operated": true, "powered": true, "designed": true, "developed": true, "founded": true,
	"created": true, "manufactured": true, "supplied": true, "provided": true, "produced": true, "managed": true,
}

// otherVerbsAgent reports a "by" (at index by) that introduces the agent of
// another participle than the trigger at t: "access to GPUs hosted by AWS",
// "chips made by TSMC". "$38 billion spent by X", "a round led by X" and "an
// investment of $5 billion by X" keep their agent.
func otherVerbsAgent(low []string, by, t int) bool {
	if by < 1 || by-1 == t {
		return false
	}
	p := low[by-1]
	switch p {
	case "led", "co-led", "backed", "funded", "financed", "joined", "spent", "paid", "invested", "committed", "signed", "made":
		return false
	}
	// Only participles that name what a provider does with hardware or a
	// company: a general "-ed" test also caught agents of the deal itself.
	return irregularParticiples[p]
}
