// Package chaos is dealwatch's fault suite (build tag chaos; `make chaos`,
// run by scripts/test.sh and so by `make test` and CI).
//
// It builds the dealwatch binary, starts a private Apache Kafka 4.1.2 broker
// and ClickHouse 18.16 server with scripts/services.sh (in a directory of
// its own, DEALWATCH_SERVICES_DIR, so that killing them disturbs no other
// test), runs the extract worker, the sink and the alerter as separate
// processes, and injects one fault per scenario, with seeded randomness
// (CHAOS_SEED) and bounded time:
//
//   - stage-kill: SIGKILL each stage at random points, several times;
//   - broker-down: SIGKILL the broker and keep it down (CHAOS_OUTAGE, 30s);
//   - clickhouse-down: SIGKILL ClickHouse and keep it down as long;
//   - poison: invalid JSON, schema violations, a 5 MB compressible article
//     and invalid events;
//   - alert-mid-delivery: SIGKILL the alerter while a webhook POST is in
//     flight.
//
// After each scenario it checks, over everything ingested so far: the
// events in ClickHouse for every article equal `dealwatch extract` of its
// file, once each; the deals view has every expected deal once; the
// dead-letter topic holds every poison message with its reason; the unique
// Idempotency-Keys the webhook received equal the deals; and no stage
// exited except when the suite killed it. It prints a table per scenario.
package chaos
