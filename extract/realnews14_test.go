package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Seventeenth session: classes of error seen in at least two development
// articles of folds r–aa, in sentences of our own.

// TestRealNewsModelAccessDeal: an AI developer's agreement with companies,
// told with the use of its models as the purpose, is their purchase of
// paid model access (cloud_services, company -> developer), whichever side
// the developer stands on ("signed contracts with Airbus and BMW to deploy
// its AI models", r3380; "entered a multi-year agreement with Mistral AI,
// gaining access to its generative AI models", r3403). No purpose, or a
// cloud or chip maker as the other side, gives no such purchase.
func TestRealNewsModelAccessDeal(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Cohere has signed contracts with engineering group Siemens and Volkswagen to deploy its language models in their plants.",
			[]directed{{"siemens", "cohere", "cloud_services", 0}, {"volkswagen", "cohere", "cloud_services", 0}}},
		{"Allianz entered a five-year agreement with Cohere, gaining access to its enterprise AI models and their future versions.",
			[]directed{{"allianz", "cohere", "cloud_services", 0}}},
	})
	forbidEvents(t, "an agreement with no model use read as a purchase of models", []string{
		"Cohere has signed contracts with Siemens and Volkswagen to open offices in Munich.",
	}, func(e schemas.DealEvent) bool {
		return e.Type == schemas.TypeCommitment && e.KindOf() == schemas.KindCloudServices
	})
	forbidEvents(t, "a GPU cloud or a chip maker read as a buyer of models", []string{
		"Cohere signed deals with Siemens and Nebius to bring its models to factories.",
		"Cohere signed deals with Siemens and Intel to bring its models to factories.",
	}, hasParty(func(id string) bool { return id == "nebius" || id == "intel" }))
}

// TestRealNewsCompoundLeadRound: a round named by the investor that led or
// backed it in one hyphenated word ("Axelera AI's $250M BlackRock-backed
// round", r2762; "Series A funding in Toyota, S2G-led round", r3712;
// "Nvidia-led funding values Firmus at", r2723) is the investor's
// investment in the company whose round it is, with no amount of its own.
// A round with no raiser before it names no investment.
func TestRealNewsCompoundLeadRound(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Chip startups drew money all year, from Groq's $640M raise to Cohere's $90M Accel-backed Series B round.",
			[]directed{{"accel", "cohere", "investment", 0}}},
		{"Zorbit Labs banks $11 million in Series A funding in a Toyota, Accel-led round.",
			[]directed{{"toyota", "zorbitlabs", "investment", 0}, {"accel", "zorbitlabs", "investment", 0}}},
	})
	forbidEvents(t, "a lead-named round with no raiser before it read as an investment", []string{
		"Accel-led funding values Zorbit Labs at about $1.9 billion.",
		"Zorbit Labs said Accel-backed funding helped it hire 40 engineers.",
	}, isCommitment)
}

// TestRealNewsBareNamePartnershipSubject: a one-word name the gazetteer
// does not know, the subject of "partnered with", "teamed up with" or of
// "announced / entered into / formed a ... partnership with", is an
// organisation even when the article names it once or first at the start
// of a sentence ("This week, OpenText announced a strategic partnership
// with Google Cloud", r2462; "KeyBank announced in February a
// collaboration with Google Cloud", r3641). A common word there is not.
func TestRealNewsBareNamePartnershipSubject(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Zorbit partnered with Google Cloud to build data centres.", []gWant{{"partnership", "formed", "", "google zorbit", 0, ""}}},
		{"Zorbit teamed up with Oracle to build data centres.", []gWant{{"partnership", "formed", "", "oracle zorbit", 0, ""}}},
		{"This week, Zorbit announced a multi-year partnership with Google Cloud.", []gWant{{"partnership", "formed", "", "google zorbit", 0, ""}}},
		{"Zorbit entered into a strategic alliance with Oracle.", []gWant{{"partnership", "formed", "", "oracle zorbit", 0, ""}}},
		{"Zorbit is partnering with Google Cloud on sovereign AI.", []gWant{{"partnership", "formed", "", "google zorbit", 0, ""}}},
		{"Zorbit has joined forces with Oracle.", []gWant{{"partnership", "formed", "", "oracle zorbit", 0, ""}}},
		{"Zorbit signed a memorandum of understanding with Oracle.", []gWant{{"partnership", "formed", "", "oracle zorbit", 0, ""}}},
	})
	forbidEvents(t, "a common word or a titled person read as a partner", []string{
		"Analysts announced a partnership with Google Cloud was likely.",
		"Secretary Alfredo Pascual signed the memorandum of understanding with Oracle on Monday.",
	}, hasParty(func(id string) bool { return id == "analysts" || id == "secretaryalfredopascual" }))
}

// TestRealNewsInvestedAmountIn: the company an investor puts an amount
// into is an organisation even when the article names it once ("Google
// invested $100 million in Zorbit"), as after "invested in" with no amount.
func TestRealNewsInvestedAmountIn(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Google invested $100 million in Zorbit.", []directed{{"google", "zorbit", "investment", 100e6}}},
		{"Nvidia poured a further $2 billion into Zorbit.", []directed{{"nvidia", "zorbit", "investment", 2e9}}},
	})
}

// TestRealNewsDescribedSecondPartner: the second organisation of a single
// subject's "partnership with A and B" may carry a description of its own
// ("a strategic partnership with Google Cloud and French joint venture
// S3NS", r2462; "with global giant Nvidia and $17bn local player CDC",
// r2664): the partnership is still one of all three.
func TestRealNewsDescribedSecondPartner(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Oracle announced a strategic partnership with Google Cloud and French startup Mistral AI to deliver sovereign cloud services.",
			[]gWant{{"partnership", "formed", "", "google mistral oracle", 0, ""}}},
	})
}
