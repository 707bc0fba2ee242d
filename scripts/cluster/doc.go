// Package cluster is dealwatch's cluster test (build tag cluster; `make
// cluster-test`, run by scripts/test.sh and so by `make test` and CI).
//
// It builds the dealwatch binary and starts, with `scripts/services.sh
// cluster` in a directory of its own, 3 Apache Kafka brokers (one KRaft
// quorum), a ZooKeeper and 4 ClickHouse 18.16 servers as 2 shards x 2
// replicas. The stages run as processes with KAFKA_REPLICATION=3 and
// CLICKHOUSE_CLUSTER=dealwatch:
//
//   - scale: extract throughput with 1 and 2 workers in one consumer group,
//     logged (SCALE lines), never asserted;
//   - faults: while batches flow, SIGKILL the broker leading a partition of
//     the events topic, then the first ClickHouse replica of shard 1 (where
//     inserts go first), remove and add an extract worker, restart both;
//   - checks: every article's events in the Distributed table equal
//     `dealwatch extract` of its file, one row each (raw and FINAL); the
//     deals view has every expected deal once; every topic has 3 replicas
//     and min.insync.replicas 2; no stage exited by itself.
package cluster
