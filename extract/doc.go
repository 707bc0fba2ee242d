// Package extract turns one news article into partnership, commitment and
// exclusivity events (schemas.DealEvent) by the labelling rules of
// extract/LABELING.md. It needs neither Kafka nor ClickHouse.
//
// Pipeline, per article:
//
//  1. Sentences: the Punkt model that prose v2 uses internally, loaded once in
//     New and shared (prose.NewDocument would rebuild it on every call, tens
//     of milliseconds); paragraphs split at line breaks first; sentences over
//     1200 bytes are cut at spaces, and sentences glued without a space
//     ("Lightspeed.The round") are cut at the stop. Words: "co-led",
//     "co-founder" are one word. Offsets are byte offsets into Article.Text.
//  2. Organisations: gazetteer.yaml (embedded; ~1,100 organisations with
//     aliases, products and subsidiaries mapped to the parent, unambiguous
//     descriptors such as "the ChatGPT maker", and generic descriptors such as
//     "the chipmaker" resolved to the last organisation of that kind).
//     Unknown organisations get a slug id: names with a company word ("Acme
//     Labs", "Radical Ventures" → radical; legal and fund suffixes dropped),
//     introduced ones ("startup Foo", "Foo, a GPU cloud company", "a startup
//     called FOO"; tokenised with prose), names in investor lists, names in a
//     comma list beside known organisations (lists.go; people and product
//     lists excepted), and bare names seen twice of which once in a deal slot
//     or once as the subject of "invests $N in Y" or of a partnership
//     ("partnered with", "announced a partnership with"), or the investee of
//     "invested $N in Y" (barenames.go); a comma or a dash closes a name; a
//     name ending in "Group" is a company, and one ending in "Agency" or
//     "Administration" a public body; an introduction may follow a
//     nationality ("Chinese start-up Foo"). Places, peoples, people (titles,
//     given names), names before a site's or an event's noun ("the Global AI
//     Summit") or before "contract"/"program" ("the JEDI contract"),
//     technologies in capitals (DRAM, HBM4) and a news outlet that reports
//     the deal are no organisations of it. Coreference: it/its, "the company",
//     "the Canadian startup", "the companies"/"their", "the platform".
//  3. Rules: trigger words per class (invest, raise, buy/spend/commit, supply/
//     provide, contract/deal, revenue share, partnership, exclusive, ...; the
//     words and the modality phrases of step 4 are data in lexicon.yaml) with
//     clause bounds, subjects and objects, passive agents, example lists and
//     co-subjects excluded, relative clauses and appositions as parentheses.
//     Direction: payer/investor/customer → payee/investee/provider; for
//     undirected deal nouns the provider is the party whose kind sells
//     (neocloud, chip, hardware > cloud > software > lab > investor).
//     Kind follows what is bought (LABELING.md; kinds.go). A commitment
//     word's clause is read by one reader per trigger class
//     (commitreaders.go: investment, raise, join, hire, purchase, sale, deal,
//     revenue share; revshare.go); its action by actions.go. Partnership
//     frames are read in partnerships.go, exclusivity frames in exclusive.go,
//     the names coordinated with a party in coordination.go, and the
//     multi-word cue phrases all of them look up in cues.go, and which
//     amount or capacity of a sentence is a frame's in amounts.go; rules.go
//     holds the trigger classes, the clause bounds and the frames' driver.
//  4. Modality: denials and rumours ("in talks", "people familiar",
//     "considering", "proposal") for the sentence; background (past years,
//     "builds on", "comes weeks after", "already") and hypotheticals ("if",
//     "could", "would" unless reported) for the trigger's clause. Only stated
//     events are output by default; Options.IncludeRumoured adds rumoured ones
//     with confidence <= 0.4.
//     Then capacity-only commitments (capacity.go): a sentence whose chips or
//     gigawatts no frame took gives a compute commitment from its buyer to
//     its compute seller ("a collaboration to deploy 10 gigawatts of ...").
//     Then models trained or run on another organisation's chips
//     (trainon.go), content licensed to train models (trainingdata.go), and
//     the article's main deal called a partnership by reference
//     (partnerref.go). These optional stages can be switched off by name
//     (Options.Disable), and the gazetteer replaced (Options.Gazetteer).
//     Two more document readers always run: "X's $N investment in Y" named
//     inside another clause (possessive.go) and a revenue-sharing
//     programme whose members a later sentence lists (programmes.go).
//     Contracts a public body shares among listed providers ("A, B and C
//     received a contract", "named A, B and C as the winners") are read by
//     awardees.go; an organisation named in a list of investors is never an
//     investee (echo.go).
//     Round investors in lists, co-leads and participants are read by
//     rounds.go and roundlists.go (a round's total is no single investor's;
//     "the round" is the last raiser's); a partner by role ("named X a
//     preferred compute partner") by partnerrole.go; a round named by its
//     lead ("a BlackRock-backed round") by compoundlead.go; cloud adoption
//     ("migrate its workloads to Google Cloud") by cloudadoption.go; model
//     access bought in an agreement ("signed contracts with A and B to deploy
//     its models") by modelaccess.go; licences bought without a price
//     ("receive a non-exclusive license to X's models") by licences.go; a
//     commitment that is a takeover of one of its parties becomes the
//     acquirer's investment in acquisitions.go; general news
//     (consumer offers, tenders, people, products, shop names, modifier
//     organisations) is gated in generalnews.go.
//  5. Merging: one event per (type, party set, kind, direction, amount);
//     amount-less restatements of an amounted deal are dropped; the evidence
//     is the sentence with the strongest signal, and the other readings are
//     kept for step 6, which takes the one it trusts most; event_id hashes article id,
//     type, parties with roles, kind, amount and action.
//  6. Confidence (filter.go): a logistic regression over event and
//     evidence features (logistic.go, trained on the labelled real folds by
//     `dealwatch train-filter`, calibrated on held-out articles) sets each
//     event's confidence to the probability that a labeller states it too.
//     It drops the events below its floor, 0.2 (stage floor): on the unseen
//     real fold w none of the 19 below it matched a required label. Above
//     the floor, a threshold on confidence is a precision an analyst or an
//     alert rule chooses.
//  7. Veto (veto.go): of the events the confidence model gives less than
//     0.7, those of two organisations whose deal the veto model, trained on
//     the labelled real folds and our own corpora by `dealwatch train-pairs
//     -drop-below`, finds unlikely (below 0.4) from every sentence naming
//     both are dropped (stage veto). It sees organisations' names as one
//     placeholder: it learns phrasings, not companies.
//  8. Round investors (roundmodel.go): in an article whose rule
//     investments all go to one company, the organisations named in
//     sentences without it that the round model (`dealwatch train-rounds`)
//     finds likely investors become its investments, without an amount
//     (stage rounds).
//
// Choices: a range ("$7 billion to $9 billion", "$7-9bn") keeps the lower
// bound with the qualifier at_least and the whole text; a vague amount ("tens
// of billions", "multibillion-dollar", "an undisclosed sum") is an amount with
// a nil value, qualifier vague, text kept; "an additional"/"another" marks the
// action increased; running totals ("bringing its total to") and valuations
// are never a deal's amount; a horizon is an explicit year ("through 2030") or
// publication year + N for "over N years".
package extract
