package schemas

import "embed"

// ClickHouseMigrations holds the ClickHouse DDL as goose migrations
// (clickhouse/NNNNN_name.sql). Statements use unqualified names: they run
// on a connection whose current database is the dealwatch database.
// 00001..00099 belong to the store, 00100+ to the alerter (deals).
//
//go:embed clickhouse/*.sql
var ClickHouseMigrations embed.FS
