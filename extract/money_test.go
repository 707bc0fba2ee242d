package extract

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFindAmounts(t *testing.T) {
	cases := []struct {
		in         string
		value      float64 // -1: vague (nil value)
		currency   string
		qualifier  string
		additional bool
		text       string
	}{
		{"OpenAI agreed to spend $38 billion on AWS.", 38e9, "USD", "exact", false, "$38 billion"},
		{"a deal worth $1.5bn over five years", 1.5e9, "USD", "exact", false, "$1.5bn"},
		{"it raised US$500 million from investors", 500e6, "USD", "exact", false, "US$500 million"},
		{"an investment of €2 billion in Mistral", 2e9, "EUR", "exact", false, "€2 billion"},
		{"a £750m contract", 750e6, "GBP", "exact", false, "£750m"},
		{"worth ¥300 billion", 300e9, "JPY", "exact", false, "¥300 billion"},
		{"a 38B commitment", 38e9, "USD", "exact", false, "38B"},
		{"a $10-billion deal", 10e9, "USD", "exact", false, "$10-billion"},
		{"a $2 billing fee", 2, "USD", "exact", false, "$2"}, // a word that goes on is no cut-off scale word
		// a currency code after the number and its scale word
		{"a five-year agreement worth 6 billion USD with AWS", 6e9, "USD", "exact", false, "6 billion USD"},
		{"Alibaba put 1 bn RMB into the startup", 1e9, "CNY", "exact", false, "1 bn RMB"},
		{"a round of 250 million EUR", 250e6, "EUR", "exact", false, "250 million EUR"},
		{"more than 3 trillion KRW for the fab", 3e12, "KRW", "at_least", false, "3 trillion KRW"},

		{"a US$300-plus million round", 300e6, "USD", "at_least", false, "US$300-plus million"},
		{"a $2+ billion deal", 2e9, "USD", "at_least", false, "$2+ billion"},
		{"raised $300 million-plus", 300e6, "USD", "at_least", false, "$300 million"},
		{"Acme Calls Off $10 Billion Server Deal", 10e9, "USD", "exact", false, "$10 Billion"},
		{"ACME SIGNS US$2.5 BILLION CHIP PACT", 2.5e9, "USD", "exact", false, "US$2.5 BILLION"},
		{"Amazon will invest up to $50 billion in OpenAI", 50e9, "USD", "up_to", false, "$50 billion"},
		{"Amazon is in talks to invest more than $10 billion", 10e9, "USD", "at_least", false, "$10 billion"},
		{"at least $4 billion", 4e9, "USD", "at_least", false, "$4 billion"},
		{"an agreement worth about $3 billion", 3e9, "USD", "approximately", false, "$3 billion"},
		{"a 15-million euro investment in the startup", 15e6, "EUR", "exact", false, "15-million euro"},
		{"a 600-million-euro round", 600e6, "EUR", "exact", false, "600-million-euro"},
		{"a two billion dollar contract", 2e9, "USD", "exact", false, "two billion dollar"},
		{"roughly $600 million", 600e6, "USD", "approximately", false, "$600 million"},
		{"nearly $2.5 billion", 2.5e9, "USD", "approximately", false, "$2.5 billion"},
		{"by an additional $100 billion of cloud services", 100e9, "USD", "exact", true, "$100 billion"},
		{"another $250 million", 250e6, "USD", "exact", true, "$250 million"},
		{"annual revenue of $7 billion to $9 billion", 7e9, "USD", "at_least", false, "$7 billion to $9 billion"},
		{"annual revenue of $7-9 billion", 7e9, "USD", "at_least", false, "$7-9 billion"},
		{"a $20 billion-plus program", 20e9, "USD", "at_least", false, "$20 billion"},
		{"2 billion euros in new funding", 2e9, "EUR", "exact", false, "2 billion euros"},
		{"paid 1,250,000 dollars", 1.25e6, "USD", "exact", false, "1,250,000 dollars"},
		{"spend $38 billion through 2030", 38e9, "USD", "exact", false, "$38 billion"},
		{"spend tens of billions of dollars on chips", -1, "USD", "vague", false, "tens of billions of dollars"},
		{"a multibillion-dollar agreement with Microsoft", -1, "USD", "vague", false, "multibillion-dollar"},
		// "multi-" before a number word names no number, in any currency
		{"a Series B+ round of multi-hundred-million yuan", -1, "CNY", "vague", false, "multi-hundred-million yuan"},
		{"a multi-hundred million dollar order", -1, "USD", "vague", false, "multi-hundred million dollar"},
		{"a multi-million pound contract with the NHS", -1, "GBP", "vague", false, "multi-million pound"},
		{"a multi-billion yen investment in Sakura", -1, "JPY", "vague", false, "multi-billion yen"},
		{"a hundred-million yuan round", 1e8, "CNY", "exact", false, "a hundred-million yuan"},
		{"several billion dollars over its term", -1, "USD", "vague", false, "several billion dollars"},
		{"for an undisclosed sum", -1, "USD", "vague", false, "undisclosed sum"},
		{"spend $38 billion to 2030 on Azure", 38e9, "USD", "exact", false, "$38 billion"},
		{"a five-year, $9.7 billion contract", 9.7e9, "USD", "exact", false, "$9.7 billion"},
		{"an investment of Rs 10,000 crore", 1e11, "INR", "exact", false, "Rs 10,000 crore"},
		{"spend $38\u00a0billion on AWS", 38e9, "USD", "exact", false, "$38\u00a0billion"},
		{"a $38 bln deal", 38e9, "USD", "exact", false, "$38 bln"},
		{"₹500 crore for data centres", 5e9, "INR", "exact", false, "₹500 crore"},
		// the plural, and lakh crore (a lakh of crores, 10^12), as Indian news writes them (r4228)
		{"more than ₹33,000 crores for a 7.7% stake", 3.3e11, "INR", "at_least", false, "₹33,000 crores"},
		{"Rs 500 crores in cloud services", 5e9, "INR", "exact", false, "Rs 500 crores"},
		{"an investment of ₹1 lakh crore over five years", 1e12, "INR", "exact", false, "₹1 lakh crore"},
		{"INR 2 lakhs for each seat", 2e5, "INR", "exact", false, "INR 2 lakhs"},
	}
	for _, c := range cases {
		ms := FindAmounts(c.in)
		if len(ms) == 0 {
			t.Errorf("%q: no amount", c.in)
			continue
		}
		m := ms[0]
		if c.value < 0 {
			if m.Value != nil {
				t.Errorf("%q: value %v, want nil (vague)", c.in, *m.Value)
			}
		} else if m.Value == nil || math.Abs(*m.Value-c.value) > 1e-6*c.value {
			t.Errorf("%q: value %v, want %v", c.in, m.Value, c.value)
		}
		if m.Currency != c.currency || m.Qualifier != c.qualifier || m.Additional != c.additional || m.Text != c.text {
			t.Errorf("%q: got %s %s add=%v %q, want %s %s add=%v %q", c.in, m.Currency, m.Qualifier, m.Additional, m.Text,
				c.currency, c.qualifier, c.additional, c.text)
		}
		if c.in[m.Start:m.End] != m.Text {
			t.Errorf("%q: offsets %d:%d do not cover %q", c.in, m.Start, m.End, m.Text)
		}
	}
}

func TestFindAmountsNone(t *testing.T) {
	for _, in := range []string{
		"",
		"Microsoft shares rose 5% on Monday.",
		"The model has 70B parameters.",
		"It runs on GB300 systems in 2026.",
		"The company employs 2,000 people.",
		// a text cut inside its scale word tells no amount (not "$2")
		"Nvidia invested $2 billio",
		"Acme will invest $40 milli…",
		"Acme will invest $3 trill.",
		// a code without a scale word, or not in capitals, is no amount here
		"The 2 EUR coin was minted in 2002.",
		"Spent 500 usd on lunch.",
	} {
		if ms := FindAmounts(in); len(ms) != 0 {
			t.Errorf("%q: got %+v, want none", in, ms)
		}
	}
}

func TestFindAmountsSeveral(t *testing.T) {
	s := "a $38 billion commitment, followed by Amazon's pledge to invest up to $50 billion in OpenAI"
	ms := FindAmounts(s)
	if len(ms) != 2 || *ms[0].Value != 38e9 || *ms[1].Value != 50e9 || ms[1].Qualifier != "up_to" || ms[0].Start > ms[1].Start {
		t.Fatalf("got %+v", ms)
	}
}

func TestFindCapacities(t *testing.T) {
	cases := []struct {
		in    string
		value float64
		unit  string
		qual  string
	}{
		{"deploy 6 gigawatts of AMD GPUs", 6, "GW", "exact"},
		{"a 1 GW data centre", 1, "GW", "exact"},
		{"up to 1.5GW of capacity", 1.5, "GW", "up_to"},
		{"the site has 750 megawatts of power", 750, "MW", "exact"},
		{"access to up to one million TPUs", 1e6, "chips", "up_to"},
		{"a cluster of 100,000 GPUs", 100000, "chips", "exact"},
		{"nearly 500,000 of Amazon's Trainium2 chips", 500000, "chips", "approximately"},
		{"50,000 AMD chips starting next year", 50000, "chips", "exact"},
	}
	for _, c := range cases {
		cs := FindCapacities(c.in)
		if len(cs) == 0 {
			t.Errorf("%q: no capacity", c.in)
			continue
		}
		if cs[0].Value != c.value || cs[0].Unit != c.unit || cs[0].Qualifier != c.qual {
			t.Errorf("%q: got %+v, want %v %s %s", c.in, cs[0], c.value, c.unit, c.qual)
		}
	}
	for _, in := range []string{"tens of thousands of Nvidia GPUs", "two chips", "$5 billion of GPUs", "hundreds of thousands of processors"} {
		if cs := FindCapacities(in); len(cs) != 0 {
			t.Errorf("%q: got %+v, want none", in, cs)
		}
	}
}

func TestFindHorizon(t *testing.T) {
	cases := []struct {
		in   string
		pub  int
		want string
	}{
		{"payments will continue through 2030", 2026, "2030"},
		{"a contract running until 2032", 2025, "2032"},
		{"spend $38 billion over seven years", 2025, "2032"},
		{"a five-year contract", 2025, "2030"},
		{"over seven years", 0, ""},
		{"no horizon here", 2025, ""},
	}
	for _, c := range cases {
		got, ok := FindHorizon(c.in, c.pub)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%q: got %q %v, want %q", c.in, got, ok, c.want)
		}
	}
}

func FuzzFindAmounts(f *testing.F) {
	for _, s := range []string{"$38 billion", "up to €2bn", "US$7-9 billion", "tens of billions of dollars", "¥", "$", "1,000,000,000,000,000 dollars", "$9.9.9bn", "an additional $100B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range FindAmounts(s) {
			if m.Start < 0 || m.End > len(s) || m.Start > m.End || s[m.Start:m.End] != m.Text {
				t.Fatalf("bad offsets %d:%d in %q", m.Start, m.End, s)
			}
			if m.Value != nil && (math.IsNaN(*m.Value) || *m.Value < 0) {
				t.Fatalf("bad value %v in %q", *m.Value, s)
			}
			if len(m.Currency) != 3 {
				t.Fatalf("bad currency %q", m.Currency)
			}
			if utf8.ValidString(s) && !utf8.ValidString(m.Text) {
				t.Fatalf("text %q not valid UTF-8", m.Text)
			}
		}
		for _, c := range FindCapacities(s) {
			if c.Start < 0 || c.End > len(s) || c.Value < 0 {
				t.Fatalf("bad capacity %+v in %q", c, s)
			}
		}
		FindHorizon(s, 2025)
	})
}

// TestFindAmountsConversions: an amount restated in another currency right
// after it, in brackets or after ", or", is no second amount (r2747, r3321,
// r2940); two amounts in one currency, or joined by other words, stay two.
func TestFindAmountsConversions(t *testing.T) {
	cases := []struct {
		in   string
		want []string // the texts of the amounts found
	}{
		{"a 15-million euro ($16 million) investment", []string{"15-million euro"}},
		{"an investment of 370 billion won, or roughly $270 million, into the startup", []string{"370 billion won"}},
		{"Nvidia will invest £2 billion ($2.7 billion) in Nscale", []string{"£2 billion"}},
		{"backed by a USD10 billion (about A$14 billion) debt facility", []string{"USD10 billion"}},
		{"$2 billion ($1.5 billion upfront)", []string{"$2 billion", "$1.5 billion"}},
		{"€2 billion from Acme and $3 billion from Beta", []string{"€2 billion", "$3 billion"}},
		{"€2 billion, or $3 billion with the options", []string{"€2 billion", "$3 billion"}},
	}
	for _, c := range cases {
		ms := FindAmounts(c.in)
		var got []string
		for _, m := range ms {
			got = append(got, m.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
	if ms := FindAmounts("the fund, worth one dollar a share"); len(ms) != 0 {
		t.Errorf("a singular currency word without a scale word read as an amount: %+v", ms)
	}
}
