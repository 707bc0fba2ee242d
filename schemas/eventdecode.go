package schemas

import (
	"strconv"
	"time"
)

// fastDealEvent decodes the common deal event in one pass over raw,
// without encoding/json's reflection; ok is false for anything it does not
// handle, and DecodeDealEvent then decodes raw with decodeStrict, which
// gives the answer and the error. The sink and the alerter decode every
// event, and encoding/json took 3 % of the pipeline's CPU doing it
// (dealwatch bench, embedded).
//
// It handles what json.Marshal writes for a DealEvent, and the same with
// JSON white space: one object whose members are DealEvent's fields, each
// once, with plain keys (exactly the json tags: encoding/json also matches
// them ignoring case, and takes the last of repeated keys); strings
// (scanString); numbers of JSON's grammar, parsed by strconv as
// encoding/json parses them; null only where the field is a pointer or a
// slice; times by time.Time's own UnmarshalJSON on the raw string. When
// ok, the result is exactly decodeStrict's (TestFastDealEventAgreesWithStrict
// on edge cases and random events, FuzzFastDealEvent on anything).
func fastDealEvent(raw []byte) (e DealEvent, ok bool) {
	s := &jsonScan{raw: raw}
	var seen keySet
	once := seen.first
	ok = s.object(func(key []byte) bool {
		switch string(key) {
		case "event_id":
			return once(1<<0) && s.str(&e.EventID)
		case "deal_id":
			return once(1<<1) && s.str(&e.DealID)
		case "type":
			return once(1<<2) && s.str(&e.Type)
		case "action":
			return once(1<<3) && s.str(&e.Action)
		case "kind":
			return once(1<<4) && s.strPtr(&e.Kind)
		case "modality":
			return once(1<<5) && s.str(&e.Modality)
		case "parties":
			return once(1<<6) && s.parties(&e.Parties)
		case "amount":
			return once(1<<7) && s.amount(&e.Amount)
		case "capacity":
			return once(1<<8) && s.capacity(&e.Capacity)
		case "until":
			return once(1<<9) && s.strPtr(&e.Until)
		case "scope":
			return once(1<<10) && s.strPtr(&e.Scope)
		case "evidence":
			return once(1<<11) && s.evidence(&e.Evidence)
		case "confidence":
			return once(1<<12) && s.float(&e.Confidence)
		case "article":
			return once(1<<13) && s.articleRef(&e.Article)
		case "extractor_version":
			return once(1<<14) && s.str(&e.ExtractorVersion)
		case "extracted_at":
			return once(1<<15) && s.time(&e.ExtractedAt)
		}
		return false
	})
	if !ok || skipSpace(raw, s.i) != len(raw) {
		return DealEvent{}, false
	}
	return e, true
}

// keySet holds the keys of one object read so far, one bit each: a key
// given twice ends the fast decode (encoding/json keeps the last).
type keySet uint32

// first reports that the key of bit was not read before, and records it.
func (k *keySet) first(bit keySet) bool {
	if *k&bit != 0 {
		return false
	}
	*k |= bit
	return true
}

// jsonScan reads JSON values off raw from i on; every method returns false
// (and then the whole decode is abandoned) on anything it does not handle.
type jsonScan struct {
	raw []byte
	i   int
}

// lit consumes the byte c, after white space.
func (s *jsonScan) lit(c byte) bool {
	s.i = skipSpace(s.raw, s.i)
	if s.i < len(s.raw) && s.raw[s.i] == c {
		s.i++
		return true
	}
	return false
}

// null consumes null, after white space.
func (s *jsonScan) null() bool {
	s.i = skipSpace(s.raw, s.i)
	if len(s.raw)-s.i >= 4 && string(s.raw[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// object reads an object, calling member for each key with s placed on
// its value; member must consume the value.
func (s *jsonScan) object(member func(key []byte) bool) bool {
	if !s.lit('{') {
		return false
	}
	if s.lit('}') {
		return true
	}
	for {
		// A key, plain: no escapes, nothing but printable ASCII.
		s.i = skipSpace(s.raw, s.i)
		if s.i >= len(s.raw) || s.raw[s.i] != '"' {
			return false
		}
		j := s.i + 1
		for j < len(s.raw) && s.raw[j] != '"' {
			if c := s.raw[j]; c < 0x20 || c >= 0x80 || c == '\\' {
				return false
			}
			j++
		}
		if j >= len(s.raw) {
			return false
		}
		key := s.raw[s.i+1 : j]
		s.i = j + 1
		if !s.lit(':') || !member(key) {
			return false
		}
		if s.lit('}') {
			return true
		}
		if !s.lit(',') {
			return false
		}
	}
}

// array reads an array, calling elem with s placed on each element.
func (s *jsonScan) array(elem func() bool) bool {
	if !s.lit('[') {
		return false
	}
	if s.lit(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if s.lit(']') {
			return true
		}
		if !s.lit(',') {
			return false
		}
	}
}

func (s *jsonScan) str(dst *string) bool {
	s.i = skipSpace(s.raw, s.i)
	if s.i >= len(s.raw) || s.raw[s.i] != '"' {
		return false
	}
	v, end, ok := scanString(s.raw, s.i)
	if !ok {
		return false
	}
	*dst, s.i = v, end
	return true
}

func (s *jsonScan) strPtr(dst **string) bool {
	if s.null() {
		*dst = nil
		return true
	}
	var v string
	if !s.str(&v) {
		return false
	}
	*dst = &v
	return true
}

// number consumes a number of JSON's grammar and returns its text.
func (s *jsonScan) number() (string, bool) {
	s.i = skipSpace(s.raw, s.i)
	raw, start, i := s.raw, s.i, s.i
	digits := func() bool {
		n := i
		for i < len(raw) && raw[i] >= '0' && raw[i] <= '9' {
			i++
		}
		return i > n
	}
	if i < len(raw) && raw[i] == '-' {
		i++
	}
	switch {
	case i < len(raw) && raw[i] == '0':
		i++
	case i < len(raw) && raw[i] >= '1' && raw[i] <= '9':
		digits()
	default:
		return "", false
	}
	if i < len(raw) && raw[i] == '.' {
		i++
		if !digits() {
			return "", false
		}
	}
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		if i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		if !digits() {
			return "", false
		}
	}
	s.i = i
	return string(raw[start:i]), true
}

func (s *jsonScan) float(dst *float64) bool {
	n, ok := s.number()
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return false
	}
	*dst = f
	return true
}

func (s *jsonScan) floatPtr(dst **float64) bool {
	if s.null() {
		*dst = nil
		return true
	}
	var f float64
	if !s.float(&f) {
		return false
	}
	*dst = &f
	return true
}

func (s *jsonScan) int(dst *int) bool {
	n, ok := s.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseInt(n, 10, 64)
	if err != nil || int64(int(v)) != v {
		return false
	}
	*dst = int(v)
	return true
}

// time decodes a string with time.Time's UnmarshalJSON on its raw JSON
// text, as encoding/json does.
func (s *jsonScan) time(dst *time.Time) bool {
	s.i = skipSpace(s.raw, s.i)
	start := s.i
	var ignored string
	if !s.str(&ignored) {
		return false
	}
	var t time.Time
	if t.UnmarshalJSON(s.raw[start:s.i]) != nil {
		return false
	}
	*dst = t
	return true
}

func (s *jsonScan) timePtr(dst **time.Time) bool {
	if s.null() {
		*dst = nil
		return true
	}
	var t time.Time
	if !s.time(&t) {
		return false
	}
	*dst = &t
	return true
}

func (s *jsonScan) parties(dst *[]Party) bool {
	if s.null() {
		*dst = nil
		return true
	}
	ps := []Party{}
	ok := s.array(func() bool {
		var p Party
		var seen keySet
		ok := s.object(func(key []byte) bool {
			switch string(key) {
			case "id":
				return seen.first(1) && s.str(&p.ID)
			case "name":
				return seen.first(2) && s.str(&p.Name)
			case "role":
				return seen.first(4) && s.str(&p.Role)
			}
			return false
		})
		ps = append(ps, p)
		return ok
	})
	*dst = ps
	return ok
}

func (s *jsonScan) amount(dst **Amount) bool {
	if s.null() {
		*dst = nil
		return true
	}
	a := &Amount{}
	var seen keySet
	ok := s.object(func(key []byte) bool {
		switch string(key) {
		case "value":
			return seen.first(1) && s.floatPtr(&a.Value)
		case "currency":
			return seen.first(2) && s.str(&a.Currency)
		case "qualifier":
			return seen.first(4) && s.str(&a.Qualifier)
		case "text":
			return seen.first(8) && s.str(&a.Text)
		}
		return false
	})
	*dst = a
	return ok
}

func (s *jsonScan) capacity(dst **Capacity) bool {
	if s.null() {
		*dst = nil
		return true
	}
	c := &Capacity{}
	var seen keySet
	ok := s.object(func(key []byte) bool {
		switch string(key) {
		case "value":
			return seen.first(1) && s.float(&c.Value)
		case "unit":
			return seen.first(2) && s.str(&c.Unit)
		case "text":
			return seen.first(4) && s.str(&c.Text)
		}
		return false
	})
	*dst = c
	return ok
}

func (s *jsonScan) evidence(dst *Evidence) bool {
	var seen keySet
	return s.object(func(key []byte) bool {
		switch string(key) {
		case "sentence":
			return seen.first(1) && s.str(&dst.Sentence)
		case "start":
			return seen.first(2) && s.int(&dst.Start)
		case "end":
			return seen.first(4) && s.int(&dst.End)
		}
		return false
	})
}

func (s *jsonScan) articleRef(dst *ArticleRef) bool {
	var seen keySet
	return s.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			return seen.first(1) && s.str(&dst.ID)
		case "url":
			return seen.first(2) && s.str(&dst.URL)
		case "source":
			return seen.first(4) && s.str(&dst.Source)
		case "title":
			return seen.first(8) && s.str(&dst.Title)
		case "published_at":
			return seen.first(16) && s.timePtr(&dst.PublishedAt)
		}
		return false
	})
}
