package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Twentieth session: classes of error seen in at least two development
// articles of folds y and ac–ag, in sentences of our own.

// TestRealNewsPublicAgencyNames: a capitalised name ending in "Agency" or
// "Administration" is a public body that buys cloud and AI services, an
// organisation the gazetteer may not know ("the National Security Agency
// has awarded Amazon a cloud contract", r4371, r4372), named whole as the
// labels write it.
func TestRealNewsPublicAgencyNames(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"The Coastal Weather Agency has signed a $40 million cloud contract with Oracle.",
			[]directed{{"coastalweatheragency", "oracle", "cloud_services", 40e6}}},
		{"The Federal Grain Administration awarded a $25 million cloud contract to Microsoft.",
			[]directed{{"federalgrainadministration", "microsoft", "cloud_services", 25e6}}},
	})
}

// TestRealNewsDirectAward: an award whose recipients are the verb's first
// object ("has awarded Amazon a cloud contract worth up to $10 billion",
// r4372; "has awarded Amazon, Google, Microsoft and Oracle positions on
// the contract", r4423) is the awarding body's commitment to each
// recipient, not to an organisation named later in the sentence ("...,
// prompting an appeal from Microsoft"). A total for several recipients is
// none's own. "Up to $N to A, B and C" finds its recipients after the
// amount's own "to" (r4367).
func TestRealNewsDirectAward(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"The Coastal Weather Agency has awarded IBM a cloud computing contract worth up to $300 million, prompting a protest from Oracle.",
			[]directed{{"coastalweatheragency", "ibm", "cloud_services", 300e6}}},
		{"The Department of Defense has awarded IBM, Oracle and Google positions on a cloud contract worth $2 billion.",
			[]directed{{"pentagon", "ibm", "cloud_services", 0}, {"pentagon", "oracle", "cloud_services", 0}, {"pentagon", "google", "cloud_services", 0}}},
		{"The Department of Defense has awarded cloud contracts worth up to $2 billion to IBM, Oracle and Google.",
			[]directed{{"pentagon", "ibm", "cloud_services", 0}, {"pentagon", "oracle", "cloud_services", 0}, {"pentagon", "google", "cloud_services", 0}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool { // the protester is no party
		return hasParty(func(id string) bool { return id == "oracle" })(e)
	}, "The Coastal Weather Agency has awarded IBM a cloud computing contract worth up to $300 million, prompting a protest from Oracle.")
}

// TestRealNewsContractNames: a name the article writes before "contract"
// or "program" names a contract, not an organisation ("the purpose of the
// JWCC contract is to provide the Department of Defense with cloud
// services", r4367, r4424; "its Joint Warfighting Cloud Capability
// contracts", r4368).
func TestRealNewsContractNames(t *testing.T) {
	noEvent(t, hasParty(func(id string) bool { return id == "skyvault" || id == "nimbusgrid" || id == "nimbusgridcapability" }),
		"The aim of the SKYVAULT contract is to provide the Department of Defense with cloud computing services. SKYVAULT replaces an older system.",
		"The Pentagon re-awarded its $5 billion Nimbus Grid Capability contracts to four companies. Nimbus Grid Capability will provide cloud services to the Department of Defense.",
	)
}

// TestRealNewsIntroducedAfterOrigin: an organisation introduced by what it
// is may be introduced by where it comes from first ("in Chinese
// self-driving start-up Momenta", r4631; "Chinese chipmaker Moore
// Threads", r4583): the nationality is no name that makes the introduction
// a longer name, "start-up" is an introduction as "startup" is, and a
// description the gazetteer resolves ("French AI startup" is Mistral's)
// gives way to the name that follows it.
func TestRealNewsIntroducedAfterOrigin(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Nvidia will invest $300 million in Chinese startup Zorbit.",
			[]directed{{"nvidia", "zorbit", "investment", 300e6}}},
		{"Samsung is to invest $50m in Israeli self-driving start-up Quillmoor.",
			[]directed{{"samsung", "quillmoor", "investment", 50e6}}},
		{"Nvidia will invest $300 million in French AI startup Zorbit.",
			[]directed{{"nvidia", "zorbit", "investment", 300e6}}},
	})
	noEvent(t, hasParty(func(id string) bool { return id == "mistral" }), "Nvidia will invest $300 million in French AI startup Zorbit.")
}

// TestRealNewsRevenueFraction: a share of revenue told as a part of it
// ("plus 50 percent of the revenue from xAI subscriptions", r4029; "as well
// as half of the revenue", r4329; "pays Samsung a percentage of the revenue
// Google earns", r4031) is a revenue share from the revenue's owner, a deal
// of its own beside a payment the same sentence tells, and without that
// payment's amount.
func TestRealNewsRevenueFraction(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Reddit will receive $40 million in cash from Perplexity, plus 30 percent of the revenue from Perplexity subscriptions sold via Reddit.",
			[]directed{{"perplexity", "reddit", "revenue_share", 0}}},
		{"Reddit will receive $40 million from Perplexity, as well as half of the revenue from Perplexity subscriptions.",
			[]directed{{"perplexity", "reddit", "revenue_share", 0}}},
	})
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"The agreement pays Reddit a percentage of the revenue Perplexity earns from advertisements.",
			[]directed{{"perplexity", "reddit", "revenue_share", 0}}},
	})
}

// TestRealNewsAttributedPayment: a payment or an investment already made
// stays a stated deal when a publication is its source ("According to
// reports, Meta committed to buy $12 billion of computing capacity from
// Nebius", r4278; "Google paid Character.AI about $2.7 billion for a
// license ..., according to The Wall Street Journal", r4323; "OpenAI
// committed over $20 billion to purchase chips from Cerebras, according to
// reports", r4440), as a deal signed does; talks reported stay rumours.
func TestRealNewsAttributedPayment(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"According to reports, Zorbit Labs committed to buy $2 billion of computing capacity from Nebius.",
			[]directed{{"zorbitlabs", "nebius", "compute", 2e9}}},
		{"Apple paid Mistral about $500 million for a license to use its models, according to The Wall Street Journal.",
			[]directed{{"apple", "mistral", "cloud_services", 500e6}}},
	})
	noEvent(t, isCommitment, "According to reports, Zorbit Labs is in talks to buy $2 billion of computing capacity from Nebius.")
}

// TestRealNewsUnitPricesAreNoDealAmounts: an amount below $100,000 in a
// deal's sentence is a price per unit, a share price or costs, never the
// deal's value ("offering $5,000 per book", r4095; "paying $88 for each of
// its users", r4515; "share price jumped to $6.97 after announcing ...
// hosting agreements", r4269; "a $600 share-price milestone", r4399;
// "ordering Nscale to pay £7,000 in costs", r4436).
func TestRealNewsUnitPricesAreNoDealAmounts(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool {
		return e.Amount != nil && e.Amount.Value != nil && *e.Amount.Value < minDealAmount
	},
		"Microsoft will pay Zorbit Labs $5,000 per book for the right to train its models.",
		"Zorbit Labs shares jumped 20% to $6.97 after it signed a hosting agreement with Fluidstack.",
		"A court ordered Nscale to pay Microsoft £7,000 in costs.",
	)
}

// TestRealNewsAcronymInDescription: a bare description before a name may
// hold a capitalised acronym ("acquired AI chipmaker Habana Labs in a deal
// worth $2B", r4464): the takeover is still the acquirer's investment in
// the company, not a purchase of chips from it.
func TestRealNewsAcronymInDescription(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Intel acquired AI chipmaker Zorbit Labs in a deal worth $2 billion.",
			[]directed{{"intel", "zorbitlabs", "investment", 2e9}}},
	})
}

// TestRealNewsStockAndSupercomputing: an amount of a company's stock is
// equity bought ("plans to buy $2 billion of Intel's common stock", r4628),
// and a supercomputing contract buys compute (r4247: "signed a five-year
// supercomputing contract with Oracle worth 300 billion dollars", as
// "supercomputer" already did).
func TestRealNewsStockAndSupercomputing(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"SoftBank plans to buy $2 billion of Zorbit Labs' common stock, paying $23 per share.",
			[]directed{{"softbank", "zorbitlabs", "investment", 2e9}}},
		{"Zorbit Labs has signed a five-year supercomputing contract with Oracle worth 30 billion dollars.",
			[]directed{{"zorbitlabs", "oracle", "compute", 30e9}}},
	})
}

// TestRealNewsBritishSpellings: the lexicon's words take their British
// spellings too ("has entered into an agreement to plough $1.5 billion into
// ... G42", r4679, where "plow" was already an investment verb; "the ...
// intelligence organisation").
func TestRealNewsBritishSpellings(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Microsoft will plough $1.5 billion into Zorbit Labs.",
			[]directed{{"microsoft", "zorbitlabs", "investment", 1.5e9}}},
		{"Nvidia invested $20 million in French research organisation Mistral.",
			[]directed{{"nvidia", "mistral", "investment", 20e6}}},
	})
}
