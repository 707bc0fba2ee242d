package extract

// Licences bought without a stated price. A licence is a commitment as a
// verb with a payment ("will license Gemini for $1 billion a year"); without
// one it is still a purchase when the text names what is licensed and from
// whom: "OpenAI would license content from Dotdash Meredith" (r3990),
// "Amazon will receive a non-exclusive license to Covariant's AI models"
// (r3992), "has also signed a non-exclusive license to use Covariant's
// models" (r3993). The labels make such a licence a cloud-services purchase
// with no amount, bought by the licensee from the licensor (LABELING.md:
// licences are cloud_services). "An export licence", "the licensing deal
// gives Microsoft access" and a licence held, not bought, stay no purchase.

// licensedThings are what a licence buys: content, a catalogue, models,
// technology, data, rights.
var licensedThings = map[string]bool{
	"content": true, "contents": true, "titles": true, "books": true, "archive": true, "archives": true,
	"articles": true, "journalism": true, "news": true, "images": true, "photos": true, "videos": true,
	"music": true, "songs": true, "catalog": true, "catalogue": true, "library": true, "data": true,
	"model": true, "models": true, "technology": true, "technologies": true, "software": true, "ip": true,
	"patents": true, "characters": true, "material": true, "materials": true,
}

// licenceTakers take a licence: the subject of "receive a licence" buys it.
var licenceTakers = map[string]bool{
	"receive": true, "receives": true, "received": true, "receiving": true, "get": true, "gets": true, "got": true,
	"obtain": true, "obtains": true, "obtained": true, "secure": true, "secures": true, "secured": true,
	"sign": true, "signs": true, "signed": true, "acquire": true, "acquires": true, "acquired": true,
	"take": true, "takes": true, "took": true,
}

// unpricedLicence reports a licence at t, in the clause [lo, hi), that is
// bought though no price is told: the verb "license" with what it licenses
// and "from" its licensor after it, or with the licensor's possession right
// after it ("will license Midjourney's technology", r10180; "license Groq's
// inference technology"), or the noun taken by a licence taker
// ("receive a non-exclusive license") with the licensor's possession or
// "from" after it ("to Covariant's models", "for its technology from X").
func unpricedLicence(si *sentenceInfo, t, lo, hi int) bool {
	low := si.low
	end := min(hi, t+10)
	thing, from := -1, -1
	for k := t + 1; k < end; k++ {
		if licensedThings[low[k]] && thing < 0 {
			thing = k
		}
		if low[k] == "from" && from < 0 {
			from = k
		}
	}
	if licenceNoun(low, t) {
		taker := false
		for k := t - 1; k >= max(lo, t-5); k-- {
			if licenceTakers[low[k]] {
				taker = true
				break
			}
		}
		if !taker || t+1 >= len(low) || low[t+1] != "to" && low[t+1] != "for" && low[t+1] != "from" {
			return false
		}
		for _, m := range si.ments {
			if !m.implicit && m.wi > t+1 && m.wi < end && (m.poss || m.wi > 0 && low[m.wi-1] == "from") {
				return true // "a license to Covariant's AI models", "a license from Arm"
			}
		}
		return false
	}
	if thing >= 0 && (from < 0 || from > thing) {
		for _, m := range si.ments {
			if !m.brand && m.poss && m.wi == t+1 && m.wj < thing && thing-m.wj <= 4 {
				return true // "license Midjourney's technology", "license Groq's inference technology"
			}
		}
	}
	if thing < 0 || from < thing {
		return false
	}
	for _, m := range si.ments {
		if !m.implicit && m.wi == from+1 {
			return true // "license content from Dotdash Meredith"
		}
	}
	return false
}

// licenceNoun reports "license" at t as a noun: after a determiner or an
// adjective such as "non-exclusive" ("a non-exclusive license to").
func licenceNoun(low []string, t int) bool {
	if low[t] == "licence" || low[t] == "licences" {
		return true
	}
	for k := t - 1; k >= 0 && k >= t-5; k-- {
		if determiners[low[k]] {
			return true
		}
		if low[k] != "non-exclusive" && low[k] != "exclusive" && low[k] != "-" && low[k] != "non" && low[k] != "perpetual" && low[k] != "royalty-free" && low[k] != "multi-year" && low[k] != "new" {
			return false
		}
	}
	return false
}
