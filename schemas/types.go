package schemas

import "time"

// Versions carried in the schema-version header and in Article.SchemaVersion.
const (
	ArticleVersion   = "article.v1"
	DealEventVersion = "deal_event.v1"
)

// Article is one news article (dealwatch.articles.v1).
type Article struct {
	SchemaVersion   string     `json:"schema_version"`
	ID              string     `json:"id"`
	URL             string     `json:"url"`
	FetchedURL      string     `json:"fetched_url,omitempty"`
	Source          string     `json:"source,omitempty"`
	Title           string     `json:"title"`
	Text            string     `json:"text"`
	Author          string     `json:"author,omitempty"`
	Language        string     `json:"language,omitempty"`
	PublishedAt     *time.Time `json:"published_at,omitempty"`
	FetchedAt       time.Time  `json:"fetched_at"`
	ContentHash     string     `json:"content_hash,omitempty"`
	Simhash         string     `json:"simhash,omitempty"`
	NearDuplicateOf string     `json:"near_duplicate_of,omitempty"`
}

// Event types.
const (
	TypePartnership = "partnership"
	TypeCommitment  = "commitment"
	TypeExclusivity = "exclusivity"
)

// Actions, per event type.
const (
	// partnership
	ActionFormed       = "formed"
	ActionExpanded     = "expanded"
	ActionRestructured = "restructured"
	ActionReaffirmed   = "reaffirmed"
	ActionEnded        = "ended" // also commitment
	// commitment
	ActionNew       = "new"
	ActionIncreased = "increased"
	ActionCapped    = "capped"
	// exclusivity
	ActionGranted  = "granted"
	ActionRemoved  = "removed"
	ActionModified = "modified"
)

// Commitment kinds.
const (
	KindCloudServices = "cloud_services"
	KindInvestment    = "investment"
	KindCompute       = "compute"
	KindRevenueShare  = "revenue_share"
)

// Party roles.
const (
	RoleFrom    = "from"
	RoleTo      = "to"
	RoleHolder  = "holder"
	RoleGrantor = "grantor"
	RolePartner = "partner"
)

// Amount qualifiers.
const (
	QualExact         = "exact"
	QualUpTo          = "up_to"
	QualAtLeast       = "at_least"
	QualApproximately = "approximately"
	QualVague         = "vague"
)

// Modalities: how the article presents the event.
const (
	ModalityStated     = "stated"
	ModalityRumoured   = "rumoured"
	ModalityDenied     = "denied"
	ModalityBackground = "background"
)

// DealEvent is one extracted event (dealwatch.events.v1).
type DealEvent struct {
	EventID          string     `json:"event_id"`
	DealID           string     `json:"deal_id"`
	Type             string     `json:"type"`
	Action           string     `json:"action"`
	Kind             *string    `json:"kind"`
	Modality         string     `json:"modality,omitempty"`
	Parties          []Party    `json:"parties"`
	Amount           *Amount    `json:"amount"`
	Capacity         *Capacity  `json:"capacity"`
	Until            *string    `json:"until"`
	Scope            *string    `json:"scope"`
	Evidence         Evidence   `json:"evidence"`
	Confidence       float64    `json:"confidence"`
	Article          ArticleRef `json:"article"`
	ExtractorVersion string     `json:"extractor_version"`
	ExtractedAt      time.Time  `json:"extracted_at"`
}

// Party is one organisation taking part in an event.
type Party struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// Amount is money committed. Value is nil for a vague amount ("tens of billions").
type Amount struct {
	Value     *float64 `json:"value"`
	Currency  string   `json:"currency"`
	Qualifier string   `json:"qualifier"`
	Text      string   `json:"text"`
}

// Capacity is compute committed: gigawatts, megawatts or a number of chips.
type Capacity struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	Text  string  `json:"text"`
}

// Evidence is the sentence that carries the strongest signal for an event,
// with byte offsets into the article text.
type Evidence struct {
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// ArticleRef identifies the article an event came from.
type ArticleRef struct {
	ID          string     `json:"id"`
	URL         string     `json:"url"`
	Source      string     `json:"source"`
	Title       string     `json:"title"`
	PublishedAt *time.Time `json:"published_at"`
}

// PartyIDs returns the sorted-by-input ids of the parties.
func (e DealEvent) PartyIDs() []string {
	ids := make([]string, len(e.Parties))
	for i, p := range e.Parties {
		ids[i] = p.ID
	}
	return ids
}

// KindOf returns the kind or "" when it is null.
func (e DealEvent) KindOf() string {
	if e.Kind == nil {
		return ""
	}
	return *e.Kind
}
