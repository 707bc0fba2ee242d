// Package schemas holds dealwatch's contracts: the JSON Schemas of the Kafka
// messages (Article on dealwatch.articles.v1, DealEvent on dealwatch.events.v1),
// the Go types that match them, the topic and header names, and the ClickHouse
// DDL as goose migrations (schemas/clickhouse).
package schemas
