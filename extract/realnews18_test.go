package extract

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Twenty-first session: classes of error seen in at least two development
// articles of folds y and ac–al, in sentences of our own.

// TestRealNewsRelativeClauseModal: a modal that opens a relative clause of
// a noun tells what the deal may bring, not whether it was made: "In a move
// that could reshape the semiconductor industry, X and Y have announced a
// collaboration" (r4845), "In an unprecedented move that could be a game
// changer ..., X announced Friday it has signed a 20-year deal" (r4843),
// "canceled a contract with X that could eventually have been worth $10
// billion" (r4180, r4974), "has struck a multi-year deal to supply X ...
// in a pact that could generate tens of billions" (r4399). A "that" clause
// closes at its comma, so the trigger after it is not inside it. A modal
// after a verb of saying or expecting, or a modal of the deal itself,
// stays a hypothesis.
func TestRealNewsRelativeClauseModal(t *testing.T) {
	wantModalities(t, []modalityCase{
		{"In a move that could reshape the chip industry, Zephyr Labs and Nvidia have announced a landmark collaboration.", "zephyrlabs", schemas.ModalityStated},
		{"In a bold move that could be a turning point for the sector, Constellation Energy announced Monday it has signed a 15-year deal to supply Microsoft with nuclear power.", "constellationenergy", schemas.ModalityStated},
		{"Oracle has struck a multi-year deal to supply Zephyr Labs with 2 gigawatts of compute capacity, in a pact that could generate billions in revenue.", "zephyrlabs", schemas.ModalityStated},
		{"Google has invested $1 billion in Zephyr Labs, with a clause that Zephyr would move its trading systems to Google Cloud.", "zephyrlabs", schemas.ModalityStated},
		{"Zephyr Labs could sign a cloud deal with Oracle.", "oracle", schemas.ModalityRumoured},
		{"Analysts believe that Zephyr Labs could sign a cloud deal with Oracle.", "oracle", schemas.ModalityRumoured},
		{"Zephyr Labs and Nvidia are weighing a collaboration that could reshape the chip industry.", "zephyrlabs", schemas.ModalityRumoured},
	})
}

// TestRealNewsConditionOfValue: an "if" that conditions a deal's size told
// just before it ("with the total potentially reaching $40 billion if
// performance targets are hit", r4613; "could be worth up to $10 billion
// ... if the Pentagon exercises all options", r4667) leaves the deal
// stated; a deal that depends on the condition stays a hypothesis.
func TestRealNewsConditionOfValue(t *testing.T) {
	wantModalities(t, []modalityCase{
		{"Amazon announced plans to invest at least $2 billion in Zephyr Labs, with the total potentially reaching $8 billion if milestones are met.", "zephyrlabs", schemas.ModalityStated},
		{"Amazon will invest $2 billion in Zephyr Labs if regulators approve the deal.", "zephyrlabs", schemas.ModalityRumoured},
	})
}

// TestRealNewsWorkingWithList: "is working with" a list of partners, or
// partners after a bare description, to do something together is a
// partnership with each ("Nvidia is working with cloud providers Nebius and
// Nscale to deploy 14,000 Blackwell GPUs", r4125; "Alibaba announced that
// it is working with Apple ... to offer Apple Intelligence", r4819; "is
// working with PwC to bring its Azure OpenAI Service", r4536), whatever the
// verb of the purpose.
func TestRealNewsWorkingWithList(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Nvidia is working with cloud providers Nebius and Lambda to deploy 20,000 GPUs across Europe.", []string{"lambda nvidia", "nebius nvidia"}},
		{"Zephyr Labs is working with Oracle to deliver a sovereign cloud in Germany.", []string{"oracle zephyrlabs"}},
		{"Zephyr Labs is collaborating with Nebius and Lambda on inference chips.", []string{"nebius zephyrlabs", "lambda zephyrlabs"}},
		// "joined forces with" a list is one alliance of all, as "partnered with" is, and a
		// place's possessive describes a listed partner ("Nokia joined forces with AMD, Cisco,
		// and India's Jio Platforms", r4426; "has joined forces with SK Telecom, e& and
		// Singtel to form ...", r4977)
		{"Vodafone joined forces with AMD, Cisco, and Japan's SoftBank to announce an open AI platform.", []string{"amd cisco softbank vodafone"}},
		{"Vodafone teamed up with Nebius and Lambda.", []string{"lambda nebius vodafone"}},
	} {
		got := partnershipPairs(t, x, c.text)
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%q: no partnership %s in %v", c.text, w, got)
			}
		}
	}
}

// TestRealNewsContractedNegation: a contracted negation before the trigger
// ("isn't", "didn’t") denies the deal as "not" does ("Apple isn’t paying OpenAI as part of the
// partnership", r4340; "Apple isn’t working with Alibaba to run its AI
// models", r4819), while "isn't just" only stresses it.
func TestRealNewsContractedNegation(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Zephyr Labs isn’t paying Oracle for the cloud capacity.",
		"Zephyr Labs didn't invest $1 billion in Nebius.",
		"Zephyr Labs isn't working with Oracle to build its models.",
	} {
		if got := partnershipPairs(t, x, text); len(got) > 0 {
			t.Errorf("%q: partnership %v from a negated sentence", text, got)
		}
		noEvent(t, isCommitment, text)
	}
}

// partnershipPairs returns the party sets ("a b", ids sorted) of the
// partnerships x reads from text.
func partnershipPairs(t *testing.T, x *Extractor, text string) map[string]bool {
	t.Helper()
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range evs {
		if e.Type != schemas.TypePartnership {
			continue
		}
		ids := e.PartyIDs()
		sort.Strings(ids)
		out[strings.Join(ids, " ")] = true
	}
	return out
}

// TestRealNewsRevenueProgrammeMembers: a revenue-sharing programme
// announced in one sentence and its members listed in a later one ("has
// launched a revenue-sharing initiative called the ... Program. It has
// signed several publishing partners: A, B, C", r4832; "The initial
// publishing partners include A, B, C", r4528; "The first batch of
// publishers to participate in the program are A, B, C", r4004; "a
// program to share ad revenue with publishing partners ... its first batch
// of partners, including prominent names like A, B, C", r4097; "outlets
// such as A, B, C are the first to join", r4449: five outlets, one story)
// is the owner's revenue share with each member. A list with no programme
// before it is none.
func TestRealNewsRevenueProgrammeMembers(t *testing.T) {
	x := newTestExtractor(t)
	shares := func(text string) map[string]bool {
		evs, err := x.Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, e := range evs {
			if e.Type == schemas.TypeCommitment && e.KindOf() == schemas.KindRevenueShare {
				d := describe(e)
				out[d.parties] = true
			}
		}
		return out
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Zephyr Labs has launched a revenue-sharing program for news sites.\n\nThe company said its answers will cite sources.\n\nThe first publishers to join include Daily Harbor, Coastline Weekly and the Lakeside Gazette.",
			[]string{"from:zephyrlabs to:dailyharbor", "from:zephyrlabs to:coastlineweekly", "from:zephyrlabs to:lakesidegazette"}},
		{"Zephyr Labs is launching a program to share ad revenue with publishers.\n\nIts launch partners: Daily Harbor, Coastline Weekly and Lakeside Gazette.",
			[]string{"from:zephyrlabs to:dailyharbor", "from:zephyrlabs to:coastlineweekly", "from:zephyrlabs to:lakesidegazette"}},
	} {
		got := shares(c.text)
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%q: no revenue share %s in %v", c.text, w, got)
			}
		}
	}
	if got := shares("Zephyr Labs reported strong revenue growth.\n\nIts partners include Daily Harbor, Coastline Weekly and Lakeside Gazette."); len(got) > 0 {
		t.Errorf("revenue shares %v with no programme", got)
	}
}

// TestRealNewsPossessiveInvestment: a stake named as a possessor's noun
// inside another clause ("has cast its gaze on Microsoft's $16.3 million
// investment in start-up Mistral AI", r4061; "Microsoft's $16.3 Million
// Investment in Mistral AI Attracts Scrutiny", r4337; "this follows
// Google's recent investment in TeraWulf", r4404) is the possessor's
// investment in the company after "in", when an amount or "recent" makes it
// news; one in a past year is background, a holding named again ("Google's
// current stake in X", TestRealNewsHeldInvestment) no act, and a person's
// stake no company's.
func TestRealNewsPossessiveInvestment(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Regulators have cast their gaze on Oracle's $40 million investment in start-up Zephyr Labs.",
			[]directed{{"oracle", "zephyrlabs", "investment", 40e6}}},
		{"Nvidia's recent investment in Zephyr Labs drew scrutiny from regulators.",
			[]directed{{"nvidia", "zephyrlabs", "investment", 0}}},
	})
	noEvent(t, isCommitment,
		"Nvidia's 2019 investment in Zephyr Labs drew scrutiny from regulators.",
		"CEO Daniel Ek's investment in Zephyr Labs drew scrutiny from regulators.")
}

// TestRealNewsNamesInCapitals: a name written in capitals is the
// organisation ("NAVER and NVIDIA have announced ...", r4158, r4174; "key
// investors including A16Z", r4482), since aliases match as written.
func TestRealNewsNamesInCapitals(t *testing.T) {
	x := newTestExtractor(t)
	got := partnershipPairs(t, x, "NAVER and ORACLE have announced a strategic partnership on sovereign AI.")
	if !got["naver oracle"] {
		t.Errorf("no partnership naver oracle in %v", got)
	}
	g := x.Gazetteer()
	for name, want := range map[string]string{"NAVER": "naver", "A16Z": "andreessenhorowitz", "SOFTBANK GROUP": "softbank"} {
		if o, ok := g.Resolve(name); !ok || o.ID != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", name, o, ok, want)
		}
	}
}

// TestRealNewsPublicBodiesAndInstitutions: public bodies and institutions
// real deal news names as parties ("a contract with the US Air Force to
// provide cloud infrastructure", r4952; "the partnership between the
// Australian Signals Directorate (ASD) and Amazon Web Services", r4376,
// r4377, r4378; "hosting of intelligence data from GCHQ, MI5, MI6",
// r4373, r4754) are organisations of the gazetteer, as the labels name them.
func TestRealNewsPublicBodiesAndInstitutions(t *testing.T) {
	g := newTestExtractor(t).Gazetteer()
	for name, want := range map[string]string{
		"US Air Force": "usairforce", "U.S. Army": "usarmy", "GCHQ": "gchq", "MI5": "mi5", "MI6": "mi6",
		"Australian Signals Directorate": "australiansignalsdirectorate", "Mayo Clinic": "mayoclinic",
		"Mellanox Technologies": "mellanox", "Tether Holdings": "tether", "TWG Global": "twgglobal",
	} {
		if o, ok := g.Resolve(name); !ok || o.ID != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", name, o, ok, want)
		}
	}
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Oracle has secured an $88 million contract with the US Air Force to provide cloud infrastructure services.",
			[]directed{{"usairforce", "oracle", "cloud_services", 88e6}}},
	})
}

// TestRealNewsDealValueFurtherOn: a deal's value told up to four sentences
// after the deal ("The deal is estimated to be worth over $250 million
// over five years, according to The Wall Street Journal", three sentences
// on, r4544), or as "the combined value of the two contracts" (r4202),
// goes to the amount-less deal.
func TestRealNewsDealValueFurtherOn(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Harbor Media has signed a multiyear licensing deal with OpenAI for its news content. The content will appear in ChatGPT answers. Readers will see links to the articles. Harbor Media runs twelve newspapers. The deal is estimated to be worth over $250 million over five years, according to The Wall Street Journal.",
			[]gWant{{"commitment", "new", "cloud_services", "harbormedia openai", 250e6, "USD"}}},
		{"Westpac will move its applications to Microsoft's Azure cloud. The combined value of the two contracts is estimated at $2 billion.",
			[]gWant{{"commitment", "new", "cloud_services", "microsoft westpac", 2e9, "USD"}}},
	})
}

// TestRealNewsListedInvestorsAreNoInvestees: the organisations a list of
// investors names after "including" or "such as" ("new and existing
// investors joined the round including IVP, Spark Capital, ...", r4722;
// "existing investors, such as AMD Ventures, Koch Disruptive Technologies
// and Temasek, also participated", r3955; r4911, r4140) put money in; no
// reading, rule or pair model, makes them a co-investor's investee, nor
// one of two investors one list names the other's ("joined existing
// backers Alibaba Group and Tencent", r4144).
func TestRealNewsListedInvestorsAreNoInvestees(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool {
		if e.KindOf() != schemas.KindInvestment {
			return false
		}
		for _, p := range e.Parties {
			if p.Role == schemas.RoleTo && (p.ID == "ivp" || p.ID == "sparkcapital" || p.ID == "unionsquareventures" || p.ID == "temasek" || p.ID == "tencent") {
				return true
			}
		}
		return false
	},
		"Accel and Redpoint Ventures co-led the series C investment, and new and existing investors joined the round including IVP, Spark Capital and Union Square Ventures.",
		"Zephyr Labs raised $80 million led by Accel. Existing investors, such as Spark Capital, IVP and Temasek, also participated.",
		// investors named in one list put money beside each other, not into each other (r4144, r4428)
		"Zephyr Labs raised $80 million. The new investors joined existing backers Alibaba and Tencent.")
}

// TestRealNewsListedAwardees: a public body's contract shared by a list of
// providers, told in shapes other than "awarded ... to A, B and C": "The
// Pentagon said Wednesday that A, B, C and D received a cloud-computing
// contract" (r5134), "The Defense Department has named A, B, C and D as
// the winners of a ... contract" (r5136, r4366), "Pentagon Finalizes A, B,
// C, and D for $9B Cloud Contract" (r5135), "A, B, C and D will each share
// a piece of the Defense Department's $9 billion contract" (r4366),
// "awarded its ... contract ... to five of the largest cloud providers
// including A, B, C, D and E" (r5149), "contracts worth up to $200 million
// each to four major tech companies: A, B, C, and D" (r4637). The body
// commits to each provider; a company that reports the news is no payer.
func TestRealNewsListedAwardees(t *testing.T) {
	each := func(payer string, amount float64, ids ...string) []directed {
		var out []directed
		for _, id := range ids {
			out = append(out, directed{payer, id, "cloud_services", amount})
		}
		return out
	}
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"The Pentagon said Wednesday that IBM, Oracle and Google received a cloud-computing contract that can reach $5 billion.",
			each("pentagon", 0, "ibm", "oracle", "google")},
		{"The Defense Department has named IBM, Oracle and Google as the winners of a multibillion-dollar cloud computing contract.",
			each("pentagon", 0, "ibm", "oracle", "google")},
		{"IBM, Oracle and Google will each share a piece of the Defense Department's $5 billion cloud contract.",
			each("pentagon", 0, "ibm", "oracle", "google")},
		{"The Coastal Weather Agency has awarded its cloud contract to three of the largest cloud providers including IBM, Oracle and Google.",
			each("coastalweatheragency", 0, "ibm", "oracle", "google")},
	})
	noEvent(t, hasParty(func(id string) bool { return id == "salesforce" }),
		"Salesforce said that IBM, Oracle and Google received a cloud contract.")
}

// TestRealNewsCompanyInItsName: "The Walt Disney Company" (r5233 and five
// more development articles), "The Hillman Company" (r4429) name a company;
// they are no "the ... company" pointing back at the organisation named
// last (a photo credit's "via Getty Images" just before, r5233).
func TestRealNewsCompanyInItsName(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"A phone shows the OpenAI logo. (Photo by Jane Roe via Getty Images)\n\n(NEW YORK) -- The Walt Disney Company on Thursday announced plans to invest $1 billion in artificial intelligence company OpenAI.",
			[]directed{{"disney", "openai", "investment", 1e9}}},
	})
	noEvent(t, hasParty(func(id string) bool { return id == "gettyimages" }),
		"A phone shows the OpenAI logo. (Photo by Jane Roe via Getty Images)\n\n(NEW YORK) -- The Walt Disney Company on Thursday announced plans to invest $1 billion in artificial intelligence company OpenAI.")
	g := newTestExtractor(t).Gazetteer()
	for name, want := range map[string]string{"Nippon Telegraph and Telephone": "ntt", "Kingdom Holding": "kingdomholdings"} {
		if o, ok := g.Resolve(name); !ok || o.ID != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", name, o, ok, want)
		}
	}
}
