package extract

import "testing"

// TestRealNewsPartnerNamedInApposition: a partner the gazetteer does not
// know, named after "with" or "between" and described by an apposition ("a
// partnership between Foo, a regional payments provider, and ...", "with
// FOO, a ... provider"), is an organisation even where no frame's argument
// search would take it (an acronym, a name followed by a comma). Seen in r11192, r13879 and r15537 (development folds cq,
// dj, dv), where the partnership was missed or went to another name. A
// person so described ("with Jane Smith, an investor in ...") and a
// noun that is no head ("a startup founder") name none.
func TestRealNewsPartnerNamedInApposition(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"The announcement of a partnership between Quillmark, a regional payments provider, and Salesforce, a leading software maker, signals a shift in banking.",
			[]gWant{{"partnership", "formed", "", "quillmark salesforce", 0, ""}}},
		{"Salesforce has announced a long-term partnership with QMX, a regional payments and billing provider, to build agents for small banks.",
			[]gWant{{"partnership", "formed", "", "qmx salesforce", 0, ""}}},
		{"Nvidia formed a partnership with Jane Smith, an investor in robotics.",
			nil},
		{"Nvidia formed a partnership with Tarnvale, a startup founder's second company.",
			nil},
	})
}
