package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/dealwatch/dealwatch/schemas"
)

// Sentence-level modality: is the sentence stating that something happened or
// was agreed, reporting a rumour, denying, supposing, or restating the past?
var (
	reRumour     = regexp.MustCompile(`(?i)\b(?:in (?:early |advanced |preliminary |exclusive )?talks|talks (?:are|were|with|to|about|over)|the talks|in discussions?|discussions (?:are|were|with)|the discussions|negotiat(?:ing|ions?|ed together)|being negotiated|is considering|are considering|was considering|were considering|considering (?:a|an|using|investing|buying)|weighing|exploring|explores|people familiar|person familiar|sources? (?:said|say|says|told|familiar)|according to (?:people|sources|a person|a report|reports|the report|media|bloomberg|reuters|the information|the wall street journal|the financial times|news reports?)|reportedly|is said to|are said to|was said to|close to (?:an? )?(?:agreement|deal)|nearing (?:an? )?(?:agreement|deal)|near (?:an? )?deal|rumou?r|speculat|reported(?:ly)? (?:that|to be|in talks)|may not lead|could lead to|in the works|tentative)`)
	reHypo       = regexp.MustCompile(`(?i)(?:^|[^\w])(?:if|whether|unless)\b|\b(?:could|might|would)\b|\bmay (?:also |eventually |soon )?(?:invest|sign|buy|spend|partner|agree|commit)`)
	reSaidWould  = regexp.MustCompile(`(?i)\b(?:said|says|announced|confirmed|agreed|added) (?:on \w+ )?(?:that )?(?:it|they|the compan(?:y|ies)|the two|both companies|[A-Z][\w.]*(?: [A-Z][\w.]*)?) would\b`)
	reDenial     = regexp.MustCompile(`(?i)\b(?:denied|denies|deny|denying|dismissed (?:the |a )?report|no plans to|not in talks|is not (?:investing|in talks)|has not (?:agreed|signed)|rejected (?:the |a )?(?:report|claim)|called (?:the report|it) (?:false|inaccurate)|false report)`)
	reBackground = regexp.MustCompile(`(?i)\b(?:builds on|building on|comes? (?:\w+ )?(?:days|weeks|months|a week|a month|a year|shortly|just|soon) after|came (?:\w+ )?(?:days|weeks|months|shortly|just|soon) after|follows? (?:an? |the |its )|following (?:an? |the |its )(?:earlier|previous|prior)|dates back|dating back|prior (?:arrangement|agreement|deal|terms)|previous (?:arrangement|agreement|deal|terms)|earlier (?:this|last) (?:year|month)|last (?:year|month)|previously|has invested .{0,40}since|since (?:19|20)\d\d|cumulative|over the years|used to|years ago|for years|long had|has long|have long|original (?:deal|agreement|investment)|existing (?:deal|agreement|contract|investment))`)
	reYear       = regexp.MustCompile(`\b(?:in|since|back to|from|during|of|early|late|mid-?)\s(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)\s)?((?:19|20)\d\d)\b`)
)

// sentenceModality classifies one sentence.
func sentenceModality(s string, pubYear int) string {
	if reDenial.MatchString(s) {
		return schemas.ModalityDenied
	}
	if reRumour.MatchString(s) {
		return schemas.ModalityRumoured
	}
	if isBackground(s, pubYear) {
		return schemas.ModalityBackground
	}
	if loc := reHypo.FindStringIndex(s); loc != nil {
		// "said it would invest" is a stated plan, not a hypothesis.
		if !(strings.Contains(strings.ToLower(s[loc[0]:loc[1]]), "would") && reSaidWould.MatchString(s)) || strings.Contains(strings.ToLower(s), "if ") {
			return schemas.ModalityRumoured
		}
	}
	return schemas.ModalityStated
}

func isBackground(s string, pubYear int) bool {
	if reBackground.MatchString(s) {
		return true
	}
	if pubYear > 0 {
		for _, m := range reYear.FindAllStringSubmatch(s, -1) {
			if y, err := strconv.Atoi(m[1]); err == nil && y < pubYear-0 && y < pubYear {
				// "signed in November 2025" in a 2026 article; horizon years come with "through"/"until".
				if y <= pubYear-1 {
					return true
				}
			}
		}
	}
	return false
}
