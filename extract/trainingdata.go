package extract

import (
	"slices"

	"github.com/dealwatch/dealwatch/schemas"
)

// Content licensed to train models. Real news tells data deals for AI
// training with no purchase verb: "Reddit has entered into an agreement with
// Google to make content posted by Reddit users available to train Google's
// AI models", "Apple has struck a deal to license millions of images owned
// by Shutterstock to use for AI training". The organisation whose models
// learn from the content licenses it from the content's owner: a licence,
// so cloud_services (LABELING.md), with the sentence's amount or one told
// later ("this licensing deal is worth about $60 million annually").

// contentNouns name what a data deal licenses.
var contentNouns = map[string]bool{
	"content": true, "data": true, "images": true, "photos": true, "videos": true, "archive": true, "archives": true,
	"articles": true, "posts": true, "library": true, "threads": true, "journalism": true, "footage": true,
}

// dataDealNouns and dataDealVerbs tell that the sentence makes a deal.
var dataDealNouns = map[string]bool{
	"agreement": true, "deal": true, "deals": true, "partnership": true, "contract": true, "licensing": true, "license": true,
	"licence": true, "arrangement": true, "partnering": true, "partnered": true, "partners": true,
}

// trainingDataFrames returns the data licences of the sentences that frames
// leave without a commitment between the two organisations.
func trainingDataFrames(infos []sentenceInfo, frames []frame, pubYear int) []frame {
	return purchaseStage(infos, frames, pubYear, trainingData)
}

// trainingData reads one sentence: a deal word, a training purpose
// ("to train", "for AI training", "training data"), content, and two
// organisations, one owning the content and one training on it.
func trainingData(si *sentenceInfo) (frame, bool) {
	low := si.low
	if !slices.Contains(low, "train") && !slices.Contains(low, "training") && !slices.Contains(low, "trains") {
		return frame{}, false // no training purpose (the cheap test first: most sentences train nothing)
	}
	deal, content := -1, -1
	for k, w := range low {
		switch {
		case dataDealNouns[w] || w == "licensed" || w == "licenses" || w == "licensing":
			if deal < 0 {
				deal = k
			}
		case contentNouns[w]:
			if content < 0 {
				content = k
			}
		}
	}
	if deal < 0 || content < 0 {
		return frame{}, false
	}
	var orgs []*mention
	for i := range si.ments {
		if m := &si.ments[i]; !m.implicit && !m.brand {
			orgs = appendNewOrg(orgs, m)
		}
	}
	if len(orgs) != 2 {
		return frame{}, false
	}
	if hasSeq(low, 0, len(low), "its", "own") || hasSeq(low, 0, len(low), "their", "own") {
		return frame{}, false // "to train its own models on its content": no licence
	}
	owner, pronounOwner := -1, false
	for n, o := range orgs {
		owns, pronoun := false, false
		for i := range si.ments {
			if m := &si.ments[i]; m.org == o.org && !m.implicit && ownsContent(low, m) {
				owns = true
			}
		}
		if !owns && n == 0 && ownContent(low, o.wj) {
			owns, pronoun = true, true // "Reddit is partnering with Google to make its content available"
		}
		if owns {
			if owner >= 0 {
				return frame{}, false // both said to own content: no direction
			}
			owner, pronounOwner = n, pronoun
		}
	}
	if owner < 0 {
		return frame{}, false
	}
	seller, buyer := orgs[owner], orgs[1-owner]
	if pronounOwner && !trainsModels(si, buyer.org) {
		return frame{}, false // "its content" alone says nothing of who trains on it
	}
	f := frame{typ: schemas.TypeCommitment, action: schemas.ActionNew, kind: schemas.KindCloudServices, from: buyer, to: seller,
		directed: true, score: 0.7, trig: deal}
	if len(si.money) == 1 {
		f.money = &si.money[0]
	}
	return f, true
}

// ownsContent reports an organisation named as the content's owner: "Reddit's
// content", "content posted by Reddit users", "images owned by
// Shutterstock", "content from The New York Times".
func ownsContent(low []string, m *mention) bool {
	j := m.wj
	if j < len(low) && (low[j] == "'s" || low[j] == "’s") {
		for k := j + 1; k < len(low) && k <= j+3; k++ {
			if contentNouns[low[k]] {
				return true
			}
		}
	}
	if m.wi >= 2 && (low[m.wi-1] == "by" || low[m.wi-1] == "from" || low[m.wi-1] == "of") {
		for k := m.wi - 2; k >= 0 && k >= m.wi-4; k-- {
			if contentNouns[low[k]] {
				return true
			}
		}
	}
	return false
}

// ownContent reports "its content" or "their data" after word j: the
// sentence's subject owns the content.
func ownContent(low []string, j int) bool {
	for k := j; k+1 < len(low); k++ {
		if (low[k] == "its" || low[k] == "their") && (contentNouns[low[k+1]] || k+2 < len(low) && contentNouns[low[k+2]]) {
			return true
		}
	}
	return false
}

// trainsModels reports the organisation whose models the content trains:
// "Google's AI models", "Google's artificial intelligence".
func trainsModels(si *sentenceInfo, org *Org) bool {
	low := si.low
	for i := range si.ments {
		m := &si.ments[i]
		if m.org != org || m.implicit || m.wj >= len(low) || low[m.wj] != "'s" && low[m.wj] != "’s" {
			continue
		}
		for k := m.wj + 1; k < len(low) && k <= m.wj+4; k++ {
			if low[k] == "models" || low[k] == "model" || low[k] == "ai" || low[k] == "artificial" || low[k] == "chatbot" || low[k] == "llms" {
				return true
			}
		}
	}
	return false
}
