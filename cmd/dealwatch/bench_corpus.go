package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// The benchmark's articles are generated, not copied from anywhere: news
// reports of 600–900 words about cloud and AI deals, each stating one to
// three deals between organisations of the gazetteer, with amounts, years
// and dates varied so that most deals are distinct (every article can raise
// an alert, not only the first copy of a text) and the rest of the text is
// the ordinary prose an extractor must read through.

var genLabs = []string{"OpenAI", "Anthropic", "xAI", "Mistral AI", "Cohere", "Meta", "DeepSeek", "Hugging Face"}

var genProviders = []string{"Microsoft", "Amazon Web Services", "Google Cloud", "Oracle", "CoreWeave", "Nebius",
	"Crusoe", "Lambda", "Nscale", "Fluidstack", "IREN", "Alibaba Cloud"}

var genInvestors = []string{"SoftBank", "Nvidia", "Microsoft", "Amazon", "Google", "MGX", "BlackRock", "Salesforce Ventures", "AMD", "Intel"}

var genChips = []string{"Nvidia", "AMD", "Broadcom", "Cerebras", "Intel", "TSMC"}

var genPlaces = []string{"Texas", "Ohio", "Norway", "Abu Dhabi", "Wisconsin", "Arizona", "the United Kingdom", "Japan", "Georgia", "Quebec"}

var genSources = []string{"northbridge-wire", "meridian-research", "silicon-report", "harbor-tech-daily", "ledger-analytics"}

// deal sentences: %[1]s payer/investor/lab, %[2]s counterparty, %[3]d amount
// in billions, %[4]d years.
var genDeals = []struct {
	tmpl      string
	from, to  []string
	unitTerms bool
}{
	{"%[1]s has signed a $%[3]d billion agreement to buy cloud computing capacity from %[2]s over the next %[4]d years, the companies said on %[5]s.", genLabs, genProviders, false},
	{"%[2]s said on %[5]s that %[1]s committed to spend $%[3]d billion on its cloud services over %[4]d years.", genLabs, genProviders, false},
	{"%[1]s will invest up to $%[3]d billion in %[2]s, according to a statement released on %[5]s.", genInvestors, genLabs, false},
	{"%[1]s agreed to purchase $%[3]d billion worth of chips from %[2]s as part of a multi-year supply agreement announced on %[5]s.", genLabs, genChips, false},
	{"%[1]s and %[2]s announced a strategic partnership on %[5]s to build and operate data centers in %[6]s.", genLabs, genProviders, false},
}

var genFiller = []string{
	"Analysts said the arrangement reflects how quickly demand for computing power has outgrown what any single supplier can deliver.",
	"The company did not disclose how the spending would be divided between existing facilities and sites that are still under construction.",
	"Executives described the last twelve months as the busiest period of capital spending in the history of the industry.",
	"Several investors have questioned whether revenue from software products will grow fast enough to justify the commitments.",
	"People familiar with the negotiations said the talks had lasted for several months and involved teams in three countries.",
	"The announcement came a day before the company was scheduled to report its quarterly results to shareholders.",
	"Shares of suppliers rose in early trading, while the broader technology index was little changed by midday.",
	"Power availability has become the main constraint, with utilities in several regions warning of multi-year waiting lists for new connections.",
	"A spokesperson declined to comment on the financial terms beyond what was included in the public statement.",
	"Industry researchers estimate that a single large training cluster can now draw as much electricity as a mid-sized city.",
	"The firm has been hiring engineers from rival labs and has opened offices in London, Tokyo and Singapore this year.",
	"Regulators in Europe have asked for more information about how such agreements affect competition among cloud providers.",
	"Construction crews began clearing land for the first building in the spring, and the site is expected to be operational next year.",
	"The chief financial officer told analysts that depreciation costs would rise steadily as new equipment is placed into service.",
	"Some customers have started to spread their workloads across several providers to avoid depending on one vendor.",
	"Cooling systems that use liquid instead of air are becoming standard in the newest facilities, according to engineers at the site.",
	"The startup was valued at a much lower figure eighteen months ago, before its products gained millions of paying users.",
	"Critics argue that the circular nature of some deals, where suppliers invest in their own customers, makes the figures hard to interpret.",
	"The company said it would publish more details about its environmental targets later in the year.",
	"Bond markets have become an important source of funding, with several issuers selling long-dated debt to finance construction.",
	"Employees were told about the plan in an internal memo that was later shared with reporters.",
	"Local officials welcomed the investment, saying it would bring hundreds of construction jobs and a smaller number of permanent positions.",
	"The agreement includes options to extend the term if both sides meet certain conditions, according to the filing.",
	"Competitors are expected to respond with their own announcements in the coming weeks, one analyst wrote in a note to clients.",
	"Demand for memory chips has also surged, and prices for high-bandwidth memory have risen for several consecutive quarters.",
	"The company has said repeatedly that it intends to remain independent and has no plans to sell itself.",
	"A second phase of the project would roughly double the capacity of the campus if it receives the necessary permits.",
	"Many smaller firms rent capacity by the hour rather than signing long contracts, which gives them flexibility but costs more.",
	"The board approved the plan unanimously, according to a person who attended the meeting.",
	"Observers noted that the timeline is ambitious given shortages of transformers, turbines and skilled electricians.",
	"Revenue from the cloud division grew faster than expected last quarter, helped by strong demand from enterprise customers.",
	"The deal is subject to customary closing conditions, including approval from competition authorities.",
	"Engineers said the new generation of accelerators offers better performance per watt than the chips it replaces.",
	"Some of the capacity will be reserved for research teams, while the rest will serve commercial customers.",
	"The executive said in an interview that the company expects to need several times more computing power within three years.",
	"Pension funds and sovereign investors have shown growing interest in data center projects as long-term infrastructure assets.",
	"The company reported a net loss for the period, citing higher spending on research and on computing infrastructure.",
	"Negotiations over electricity prices with the regional grid operator are continuing, according to a regulatory filing.",
	"Security researchers have urged operators to publish more information about how they protect model weights and customer data.",
	"The partnership builds on earlier work between engineering teams at the two organisations, a spokesperson said.",
}

var genMonths = []time.Month{time.January, time.February, time.March, time.April, time.May, time.June,
	time.July, time.August, time.September, time.October, time.November, time.December}

// genArticle writes article i of a run: deterministic for (seed, i).
func genArticle(seed uint64, i int, runID string) schemas.Article {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	day := time.Date(2024+r.IntN(2), genMonths[r.IntN(12)], 1+r.IntN(28), 8+r.IntN(10), 0, 0, 0, time.UTC)
	dateText := day.Format("January 2")
	var deals []string
	title := ""
	for d := range 1 + r.IntN(3) {
		g := genDeals[r.IntN(len(genDeals))]
		from, to := pick(g.from), pick(g.to)
		for to == from || strings.HasPrefix(to, from) || strings.HasPrefix(from, to) {
			to = pick(g.to)
		}
		amount := 1 + r.IntN(120)
		s := fmt.Sprintf(g.tmpl, from, to, amount, 2+r.IntN(9), dateText, pick(genPlaces))
		deals = append(deals, s)
		if d == 0 {
			title = fmt.Sprintf("%s and %s in $%d billion deal", from, to, amount)
		}
	}
	// 600–900 words: filler paragraphs with the deal sentences spread
	// through the first half, where reports put the news.
	target := 600 + r.IntN(301)
	var b strings.Builder
	words := 0
	para := 0
	add := func(s string) {
		if para > 0 {
			b.WriteString(" ")
		}
		b.WriteString(s)
		words += len(strings.Fields(s))
		para++
		if para >= 3+r.IntN(3) {
			b.WriteString("\n\n")
			para = 0
		}
	}
	add(deals[0])
	next := 1
	for words < target {
		if next < len(deals) && r.IntN(6) == 0 {
			add(deals[next])
			next++
			continue
		}
		add(pick(genFiller))
	}
	for ; next < len(deals); next++ {
		add(deals[next])
	}
	url := fmt.Sprintf("https://bench.dealwatch.invalid/%s/%d", runID, i)
	return schemas.Article{
		SchemaVersion: schemas.ArticleVersion, ID: schemas.ArticleID(url), URL: url,
		Source: pick(genSources), Title: title, Text: strings.TrimSpace(b.String()),
		PublishedAt: &day, FetchedAt: day.Add(time.Hour), Language: "en",
	}
}
