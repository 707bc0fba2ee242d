// Package cluster is dealwatch's cluster test (build tag cluster; `make
// cluster-test`, run by scripts/test.sh and so by `make test` and CI).
//
// It builds the dealwatch binary and starts, with `scripts/services.sh
// cluster` in a directory of its own, 3 Apache Kafka brokers (one KRaft
// quorum), a ZooKeeper and 4 ClickHouse 18.16 servers as 2 shards x 2
// replicas. The stages run as processes with KAFKA_REPLICATION=3 and
// CLICKHOUSE_CLUSTER=dealwatch: two extract workers, a sink and the
// alerter (webhook: a receiver in the test).
//
//   - faults: while batches flow, SIGKILL the broker leading a partition of
//     the events topic, then the first ClickHouse replica of shard 1 (where
//     inserts go first), remove and add an extract worker, restart both;
//     then SIGKILL the broker the Kafka admin API (FindCoordinator) names as
//     the coordinator of the extract workers' group, and restart it;
//   - checks: every article's events in the Distributed table equal
//     `dealwatch extract` of its file, one row each (raw and FINAL); the
//     deals view has every expected deal once; the webhook received exactly
//     one Idempotency-Key per expected deal and none for another; every
//     topic has 3 replicas and min.insync.replicas 2; no stage exited by
//     itself;
//   - scale: `dealwatch bench-cluster -n 48 -workers 1,2` on the same
//     cluster, logged (SCALE), its figures never asserted.
package cluster
