package extract

import (
	"context"
	"strings"
	"testing"
)

// commitmentsOf returns the commitments of text as "from:x to:y" strings.
func commitmentsOf(t *testing.T, x *Extractor, text string) []want {
	t.Helper()
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	var out []want
	for _, e := range evs {
		if e.Type == "commitment" {
			out = append(out, describe(e))
		}
	}
	return out
}

// TestPartySelection: the counterparty is the organisation attached to the
// trigger, not an organisation in an apposition, a list or a group reference.
func TestPartySelection(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		// a relative clause after an apposition takes the apposition's organisation as subject
		{"Kestrel Labs has raised €900 million in a Series B round. The round was led by Siemens, the German engineering group, which invested €400 million and will take a seat on the board.",
			want{"commitment", "new", "investment", "from:siemens to:kestrellabs", 400e6}},
		// "with X agreeing to deliver": X is the subject of the participle
		{"Microsoft and Abu Dhabi's G42 have expanded their partnership, with G42 agreeing to deliver 100 megawatts of new data-centre capacity to Microsoft in Kenya.",
			want{"commitment", "new", "compute", "from:microsoft to:g42", 0}},
		// a coordinated second subject is not the object of the first clause's preposition
		{"Amazon will invest up to $4 billion in Anthropic and Google will invest up to $2 billion, the companies said.",
			want{"commitment", "new", "investment", "from:google to:anthropic", 2e9}},
		// the maker named right before its hardware sells it
		{"Humain, the AI company owned by Saudi Arabia's Public Investment Fund, has formed a partnership with AMD and will buy AMD processors worth SAR 20 billion over five years.",
			want{"commitment", "new", "compute", "from:humain to:amd", 20e9}},
		// the maker inside the purchased noun phrase, after a quantity
		{"At the same event, Humain also agreed to buy 20,000 of Nvidia's most advanced chips for its first data centre.",
			want{"commitment", "new", "compute", "from:humain to:nvidia", 0}},
		// an investee after a quantity phrase
		{"KKR agreed this month to invest nearly $4 billion in a series of Crusoe campuses across Texas.",
			want{"commitment", "new", "investment", "from:kkr to:crusoe", 4e9}},
		// a relative clause with a preposition inside the apposition
		{"ASML, the maker of the machines without which no advanced chip can be made, invested €1.3 billion in Mistral AI.",
			want{"commitment", "new", "investment", "from:asml to:mistral", 1.3e9}},
		// a member of a round's investor list invests, without the round's amount
		{"Its venture arm, Mubadala Capital, was among the investors in Crusoe's $1.38 billion funding round in October, backing the developer behind the campus that houses OpenAI's first site.",
			want{"commitment", "new", "investment", "from:mubadala to:crusoe", 0}},
		// coordinated investors each invest
		{"Pika Labs raised $80 million in a new funding round. Nvidia and SoftBank also invested, along with several existing backers.",
			want{"commitment", "new", "investment", "from:nvidia to:pikalabs", 0}},
		// "The round was led by X" after the raise
		{"Pika Labs said on Thursday that it had raised $80 million in a new funding round. The round was led by the growth investor General Atlantic.",
			want{"commitment", "new", "investment", "from:generalatlantic to:pikalabs", 0}},
		// "in which" takes the apposition's organisation
		{"OpenAI is ending its work with Scale AI, the data-labelling company in which Meta Platforms agreed last week to buy a large stake.",
			want{"commitment", "new", "investment", "from:meta to:scaleai", 0}},
		// an elided quantity of the hardware just named: its maker sells
		{"Samsung Electronics will buy 50,000 Nvidia GPUs for a new AI factory. And Naver Cloud, the cloud arm of the internet group, will deploy 60,000 to expand its AI services.",
			want{"commitment", "new", "compute", "from:naver to:nvidia", 0}},
		// "will supply the chips" announced with one other organisation just before
		{"OpenAI and Broadcom said they had entered a collaboration to co-develop and deploy 10 gigawatts of custom AI accelerators. Broadcom will build and supply the chips along with its networking equipment.",
			want{"commitment", "new", "compute", "from:openai to:broadcom", 0}},
		// the possessor of a purchase noun is the buyer
		{"He said the order came on top of Oracle's purchases from Nvidia.",
			want{"commitment", "new", "compute", "from:oracle to:nvidia", 0}},
	})
}

// TestNotCommitments: phrasings that name organisations near a commitment
// word without announcing a commitment between them.
func TestNotCommitments(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text string
		bad  string // a party pair that must not appear ("from:a to:b")
	}{
		// "investment" qualifying another noun
		{"MGX, the Abu Dhabi investment vehicle, and Bpifrance, France's public investment bank, formed a venture with Mistral AI.", "to:mistral"},
		// descriptive "backed by"
		{"G42, a technology group backed by Mubadala and Microsoft, has opened an office in Nairobi.", "from:mubadala"},
		// time, not money, is spent
		{"For AMD, which has spent years trying to persuade developers that its chips can replace Nvidia's, the order is a validation.", "from:amd"},
		// selling a holding is a divestment
		{"To raise cash, SoftBank sold its entire holding in Nvidia for $5.8 billion in October.", "to:softbank"},
		// contributions to a joint venture between the two founders
		{"Reliance and Meta formed the venture with an initial commitment of $100 million between them, with Reliance holding 70%.", "from:reliance"},
		// "the two" stands for both sides, not a buyer
		{"Humain and AMD signed a partnership. AMD will supply its Instinct graphics processors, and the two will work together on software.", "to:amd"},
		// a possessed purchase noun takes its seller from a preposition only
		{"KDDI's order is among the largest so far, and rivals NTT and SoftBank are expected to respond.", "to:ntt"},
		// a participle's object ends at its noun phrase
		{"Its venture arm, Mubadala Capital, was among the investors in Crusoe's $1.38 billion funding round in October, backing the developer behind the campus that houses OpenAI's first site.", "to:openai"},
		// holding a stake is no new investment
		{"After the recapitalisation, Microsoft holds a stake of roughly 27% in OpenAI Group PBC.", "from:microsoft"},
		// funding a thing is no investment in the last investee
		{"Crusoe has raised $500 million in a Series D round. Oracle has been borrowing heavily to fund construction.", "from:oracle"},
		// a comparison
		{"OpenAI said it needed more specialised data than Scale AI could provide, and Meta agreed.", "from:meta"},
		// a sales channel is no buyer
		{"It sells its models to businesses and governments through its own platform and through Google Cloud's marketplace.", "to:google"},
		{"Mistral sells its models to businesses through its own platform and via Google Cloud.", "from:google"},
		// two coordinated deal nouns: neither names the other's counterparty
		{"Meta's cloud contract, worth about $20 billion, and further commitments from xAI and other developers make up the rest.", "xai"},
		// renting out is the lessor's side
		{"CoreWeave rents out Nvidia GPUs from data centres across the United States.", "to:nvidia"},
		// a supplier base, not one deal
		{"OpenAI buys from Nvidia, AMD and Broadcom and rents from Microsoft, Oracle and CoreWeave.", "to:"},
	} {
		for _, got := range commitmentsOf(t, x, c.text) {
			if strings.Contains(got.parties, c.bad) {
				t.Errorf("%q: unexpected commitment %+v", c.text, got)
			}
		}
	}
}

// TestCurrencyCodes: ISO codes before the number are currencies.
func TestCurrencyCodes(t *testing.T) {
	for _, c := range []struct {
		text, cur string
		value     float64
	}{
		{"systems worth SAR 37.5 billion over five years", "SAR", 37.5e9},
		{"an order worth AED 3.7 billion", "AED", 3.7e9},
		{"a NT$120 billion plant", "TWD", 120e9},
		{"KRW 2 trillion of servers", "KRW", 2e12},
		{"a CAD 500 million contract", "CAD", 500e6},
	} {
		ms := FindAmounts(c.text)
		if len(ms) != 1 || ms[0].Value == nil || *ms[0].Value != c.value || ms[0].Currency != c.cur {
			t.Errorf("%q: got %+v, want %v %s", c.text, ms, c.value, c.cur)
		}
	}
}

// TestFoundingApposition: "founded two years ago" describes the company, not
// the deal, whose modality stays stated.
func TestFoundingApposition(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"Nscale, a British AI infrastructure start-up founded less than two years ago, said on Wednesday it had signed an agreement to provide Microsoft with approximately 200,000 of Nvidia's GB300 graphics processors.",
			want{"commitment", "new", "compute", "from:microsoft to:nscale", 0}},
	})
	x := newTestExtractor(t)
	if got := commitmentsOf(t, x, "Nscale, a British start-up, signed an agreement to provide Microsoft with 20,000 GPUs two years ago."); len(got) != 0 {
		t.Errorf("a deal two years ago is background, got %+v", got)
	}
}

// TestMissedPhrasings: commitment phrasings that gave no event before.
func TestMissedPhrasings(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"Microsoft has contracted with Nebius for $17.4 billion of GPU capacity.",
			want{"commitment", "new", "compute", "from:microsoft to:nebius", 17.4e9}},
		{"Nvidia is putting $2 billion into xAI's latest funding round.",
			want{"commitment", "new", "investment", "from:nvidia to:xai", 2e9}},
		{"The deal gives Anthropic access to up to one gigawatt of Google TPU capacity.",
			want{"commitment", "new", "compute", "from:anthropic to:google", 0}},
	})
	x := newTestExtractor(t)
	for _, s := range []string{
		"The tariffs are putting pressure on Nvidia and AMD.",
		"Oracle's contracted revenue with OpenAI rose sharply.",
	} {
		if got := commitmentsOf(t, x, s); len(got) != 0 {
			t.Errorf("%q: unexpected %+v", s, got)
		}
	}
}

// TestInvestorShares: a listed investor's own share, not the round's total.
func TestInvestorShares(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"Mistral secured €1.7 billion from investors including ASML, which put in €1.3 billion.",
			want{"commitment", "new", "investment", "from:asml to:mistral", 1.3e9}},
		{"Sakana AI raised ¥20 billion this week. The largest single investment came from Mitsubishi UFJ Financial Group (MUFG), which put in ¥5 billion.",
			want{"commitment", "new", "investment", "from:mufg to:sakanaai", 5e9}},
		{"Oracle will invest $40 billion in Nvidia chips for the Abilene site.",
			want{"commitment", "new", "compute", "from:oracle to:nvidia", 40e9}},
		{"Microsoft, whose Azure cloud hosts OpenAI, will pay Anthropic $500 million a year for Claude.",
			want{"commitment", "new", "cloud_services", "from:microsoft to:anthropic", 500e6}},
	})
	x := newTestExtractor(t)
	for _, c := range []struct{ text, bad string }{
		{"Nvidia, which supplies the chips, invested $1 billion in Nokia.", "from:nokia"},
		{"SoftBank agreed to invest $22.5 billion in OpenAI, while Microsoft's stake was cut to 27%.", "from:microsoft"},
		{"Mistral secured €1.7 billion from investors including ASML and Nvidia.", "1.7e+09"},
	} {
		for _, got := range commitmentsOf(t, x, c.text) {
			if strings.Contains(got.parties, c.bad) || c.bad == "1.7e+09" && got.amount == 1.7e9 {
				t.Errorf("%q: unexpected %+v", c.text, got)
			}
		}
	}
}

// TestObjectOfPurchase: the seller is what is bought from, not what it is for.
func TestObjectOfPurchase(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"Oracle agreed to spend $40 billion buying Nvidia chips for OpenAI's Abilene data centre.",
			want{"commitment", "new", "compute", "from:oracle to:nvidia", 40e9}},
		{"Meta has tapped Nebius to provide $3 billion of AI infrastructure.",
			want{"commitment", "new", "compute", "from:meta to:nebius", 3e9}},
	})
}

// TestCapacityIsCompute: capacity secured or used under a deal is compute
// bought from the provider.
func TestCapacityIsCompute(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"OpenAI secured 4.5 gigawatts of capacity from Oracle.",
			want{"commitment", "new", "compute", "from:openai to:oracle", 0}},
		{"Anthropic and Google agreed a deal under which Anthropic will use up to one million TPUs.",
			want{"commitment", "new", "compute", "from:anthropic to:google", 0}},
	})
}

// TestParentheticalParties: organisations in a participial parenthesis or
// a passive agent phrase take their syntactic roles.
func TestParentheticalParties(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"Anthropic, backed by Amazon and Google, agreed to spend $30 billion on Microsoft's Azure cloud.",
			want{"commitment", "new", "cloud_services", "from:anthropic to:microsoft", 30e9}},
		{"The capacity, built on Nvidia's Blackwell systems and hosted by Microsoft, will be sold to OpenAI by Nscale.",
			want{"commitment", "new", "compute", "from:openai to:nscale", 0}},
		// a joint amount is no single investor's share
		{"Nvidia and Microsoft will invest up to $15 billion in Anthropic.",
			want{"commitment", "new", "investment", "from:microsoft to:anthropic", 0}},
	})
}

// TestLicences: a paid licence is bought as cloud services; the licensor sells.
func TestLicences(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"Apple will license Google's Gemini model for about $1 billion a year.",
			want{"commitment", "new", "cloud_services", "from:apple to:google", 1e9}},
		{"Mistral licensed its models to Microsoft for $16 million.",
			want{"commitment", "new", "cloud_services", "from:microsoft to:mistral", 16e6}},
	})
	x := newTestExtractor(t)
	if got := commitmentsOf(t, x, "The licensing deal with OpenAI gives Microsoft access to its models."); len(got) != 0 {
		t.Errorf("a licence without a payment: got %+v", got)
	}
}

// TestUnitPrices: a price per share is no amount committed.
func TestUnitPrices(t *testing.T) {
	x := newTestExtractor(t)
	for _, got := range commitmentsOf(t, x, "Nvidia agreed to invest $5 billion in Intel, buying common stock at $23.28 a share.") {
		if got.amount == 23.28 {
			t.Errorf("share price taken as the amount: %+v", got)
		}
	}
}

// TestLessorsAndJointSubjects: leasing to X sells to X; a joint subject's
// deal runs from the customer to the provider; roles and budgets are no deals.
func TestLessorsAndJointSubjects(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"Crusoe will lease 1.2 gigawatts of capacity to Stargate, the joint venture of OpenAI, SoftBank, Oracle and MGX.",
			want{"commitment", "new", "compute", "from:stargate to:crusoe", 0}},
		{"OpenAI and Broadcom announced a collaboration to build and deploy 10 gigawatts of custom AI accelerators designed by OpenAI.",
			want{"commitment", "new", "compute", "from:openai to:broadcom", 0}},
	})
	x := newTestExtractor(t)
	for _, c := range []struct{ text, bad string }{
		{"KKR and ECP agreed to invest $50 billion in data centres with Meta as the anchor tenant.", "to:meta"},
	} {
		for _, got := range commitmentsOf(t, x, c.text) {
			if strings.Contains(got.parties, c.bad) {
				t.Errorf("%q: unexpected %+v", c.text, got)
			}
		}
	}
	for _, got := range commitmentsOf(t, x, "Microsoft's $80 billion in capital spending this year will include capacity from CoreWeave.") {
		if got.amount == 80e9 {
			t.Errorf("a capital budget taken as the deal's amount: %+v", got)
		}
	}
}

// TestRestatementsAndNegation: a relative clause in the perfect restates,
// a negated verb commits nothing, a list of sellers is a supplier base.
func TestRestatementsAndNegation(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		{"Microsoft, which has invested $13 billion in OpenAI, said on Tuesday it would buy $10 billion of capacity from Lambda.",
			want{"commitment", "new", "compute", "from:microsoft to:lambda", 10e9}},
	})
	x := newTestExtractor(t)
	for _, c := range []struct{ text, bad string }{
		{"Microsoft, which has invested $13 billion in OpenAI, said on Tuesday it would buy $10 billion of capacity from Lambda.", "to:openai"},
		{"Microsoft did not invest in xAI's round.", "from:microsoft"},
		{"Nvidia, AMD and Intel all sell chips to Microsoft.", "from:microsoft"},
	} {
		for _, got := range commitmentsOf(t, x, c.text) {
			if strings.Contains(got.parties, c.bad) {
				t.Errorf("%q: unexpected %+v", c.text, got)
			}
		}
	}
}
