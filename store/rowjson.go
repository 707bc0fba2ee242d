package store

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

// errRowFloat is the error a row with a NaN or infinite number gets, as
// json.Marshal refuses those.
var errRowFloat = errors.New("store: event row: unsupported float value")

// appendJSON appends the row's JSONEachRow line, without the newline: the
// bytes json.Marshal(r) gives (TestEventRowJSONEqualsEncodingJSON), written
// without reflection. The embedded sink encodes every event it inserts so;
// through json.Marshal, which encodes and then compacts, that was about
// 1 % of the pipeline's CPU.
func (r EventRow) appendJSON(b []byte) ([]byte, error) {
	var err error
	str := func(key, v string) {
		b = append(b, key...)
		b = appendJSONString(b, v)
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
			b = appendJSONString(b, v)
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
		if b, ferr = appendJSONFloat(b, *f); ferr != nil {
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

// appendJSONFloat appends f as encoding/json writes a float64.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, errRowFloat
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string:
// HTML-safe (<, > and & as \u escapes), invalid UTF-8 as \ufffd, U+2028
// and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
