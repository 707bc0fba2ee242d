package schemas

// Kafka topics.
const (
	TopicArticles   = "dealwatch.articles.v1"
	TopicEvents     = "dealwatch.events.v1"
	TopicDeadLetter = "dealwatch.deadletter.v1"
)

// Kafka headers.
const (
	// HeaderSchemaVersion carries ArticleVersion or DealEventVersion on every message.
	HeaderSchemaVersion = "schema-version"
	// Dead-letter headers: why a stage gave up on a message and where it came from.
	HeaderDLQReason    = "dlq-reason"
	HeaderDLQStage     = "dlq-stage"
	HeaderDLQTopic     = "dlq-source-topic"
	HeaderDLQPartition = "dlq-source-partition"
	HeaderDLQOffset    = "dlq-source-offset"
)
