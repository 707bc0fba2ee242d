package store

import (
	"strconv"

	"github.com/dealwatch/dealwatch/schemas/jsonenc"
)

// appendJSON appends the row's JSONEachRow line, without the newline: the
// bytes json.Marshal(r) gives (TestEventRowJSONEqualsEncodingJSON), written
// without reflection. The embedded sink encodes every event it inserts so;
// through json.Marshal, which encodes and then compacts, that was about
// 1 % of the pipeline's CPU.
func (r EventRow) appendJSON(b []byte) ([]byte, error) {
	var err error
	str := func(key, v string) {
		b = append(b, key...)
		b = jsonenc.String(b, v)
	}
	strs := func(key string, vs []string) {
		b = append(b, key...)
		if vs == nil {
			b = append(b, "null"...)
			return
		}
		b = append(b, '[')
		for i, v := range vs {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonenc.String(b, v)
		}
		b = append(b, ']')
	}
	num := func(key string, f *float64) {
		b = append(b, key...)
		if f == nil {
			b = append(b, "null"...)
			return
		}
		var ferr error
		if b, ferr = jsonenc.Float(b, *f); ferr != nil {
			err = ferr
		}
	}
	str(`{"event_id":`, r.EventID)
	str(`,"deal_id":`, r.DealID)
	str(`,"type":`, r.Type)
	str(`,"action":`, r.Action)
	str(`,"kind":`, r.Kind)
	str(`,"modality":`, r.Modality)
	strs(`,"party_ids":`, r.PartyIDs)
	strs(`,"party_names":`, r.PartyNames)
	strs(`,"party_roles":`, r.PartyRoles)
	num(`,"amount_value":`, r.AmountValue)
	str(`,"amount_currency":`, r.AmountCurrency)
	str(`,"amount_qualifier":`, r.AmountQualifier)
	str(`,"amount_text":`, r.AmountText)
	num(`,"capacity_value":`, r.CapacityValue)
	str(`,"capacity_unit":`, r.CapacityUnit)
	str(`,"capacity_text":`, r.CapacityText)
	str(`,"until":`, r.Until)
	str(`,"scope":`, r.Scope)
	str(`,"evidence_sentence":`, r.EvidenceSentence)
	b = strconv.AppendUint(append(b, `,"evidence_start":`...), uint64(r.EvidenceStart), 10)
	b = strconv.AppendUint(append(b, `,"evidence_end":`...), uint64(r.EvidenceEnd), 10)
	conf := r.Confidence
	num(`,"confidence":`, &conf)
	str(`,"article_id":`, r.ArticleID)
	str(`,"article_url":`, r.ArticleURL)
	str(`,"article_source":`, r.ArticleSource)
	str(`,"article_title":`, r.ArticleTitle)
	str(`,"extractor_version":`, r.ExtractorVersion)
	b = strconv.AppendUint(append(b, `,"version":`...), r.Version, 10)
	str(`,"content_hash":`, r.ContentHash)
	b = strconv.AppendUint(append(b, `,"retracted":`...), uint64(r.Retracted), 10)
	b = append(b, `,"article_published_at":`...)
	if r.ArticlePublishedAt != nil {
		b = append(b, '"')
		b = r.ArticlePublishedAt.UTC().AppendFormat(b, DateTimeLayout)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"extracted_at":"`...)
	b = r.ExtractedAt.UTC().AppendFormat(b, DateTimeLayout)
	b = append(b, `"}`...)
	return b, err
}
