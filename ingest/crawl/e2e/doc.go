// Package e2e holds the crawler's end-to-end test: a local news site is
// crawled into a real Kafka broker, extractor workers turn the articles into
// deal events, the sink stores them in a real ClickHouse server, and the
// test finds the expected events there. It needs the services of
// scripts/services.sh (skipped without them, failed under CI=true).
package e2e
