// Package chserver is the store engine for a real ClickHouse server over
// the native protocol (clickhouse-go v2). It works with the 18.16 server of
// Debian as well as current releases.
package chserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// Config is how to reach the server.
type Config struct {
	Addr     string // host:port of the native protocol (CLICKHOUSE_ADDR)
	User     string // CLICKHOUSE_USER, default "default"
	Password string // CLICKHOUSE_PASSWORD
	Database string // CLICKHOUSE_DATABASE, default "dealwatch"
	// CreateDatabase creates Database when it is missing.
	CreateDatabase bool
	// DialTimeout bounds connecting (default 5s).
	DialTimeout time.Duration
	// Cluster (CLICKHOUSE_CLUSTER) is the cluster of the server's
	// remote_servers that holds the dealwatch tables: migrations run their
	// DDL ON CLUSTER and shard the tables (store/cluster.go), and inserts
	// are made so that a retried block is deduplicated by the replicated
	// tables. Empty: one server.
	Cluster string
}

// ConfigFromEnv reads CLICKHOUSE_ADDR, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD,
// CLICKHOUSE_DATABASE and CLICKHOUSE_CLUSTER.
func ConfigFromEnv() Config {
	return Config{
		Addr:     os.Getenv("CLICKHOUSE_ADDR"),
		User:     os.Getenv("CLICKHOUSE_USER"),
		Password: os.Getenv("CLICKHOUSE_PASSWORD"),
		Database: os.Getenv("CLICKHOUSE_DATABASE"),
		Cluster:  strings.TrimSpace(os.Getenv("CLICKHOUSE_CLUSTER")),
	}
}

// Engine is a pool of native connections to a server, or to the servers
// of a comma-separated Addr: connections are opened to the first one that
// answers (in order), so when a server dies the next attempt of any
// statement (the stages retry) goes to the next one.
type Engine struct {
	conn    driver.Conn
	db      string
	cluster string
	stamps  *stampCache
}

var _ store.Engine = (*Engine)(nil)

// Open connects, checks the server answers and, if asked, creates the
// database. Settings that only the old servers need
// (allow_experimental_low_cardinality_type, for 18.x) are sent only to them.
func Open(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Addr == "" {
		return nil, errors.New("chserver: no address (CLICKHOUSE_ADDR)")
	}
	if cfg.Database == "" {
		cfg.Database = store.DefaultDatabase
	}
	if err := store.CheckDatabase(cfg.Database); err != nil {
		return nil, err
	}
	if cfg.Cluster != "" && store.CheckDatabase(cfg.Cluster) != nil {
		return nil, fmt.Errorf("chserver: cluster name must match [A-Za-z_][A-Za-z0-9_]*: %q", cfg.Cluster)
	}
	if cfg.User == "" {
		cfg.User = "default"
	}
	if cfg.DialTimeout == 0 {
		cfg.DialTimeout = 5 * time.Second
	}
	opts := func(db string, settings clickhouse.Settings) *clickhouse.Options {
		return &clickhouse.Options{
			Addr:             strings.Split(cfg.Addr, ","),
			ConnOpenStrategy: clickhouse.ConnOpenInOrder,
			Auth:             clickhouse.Auth{Database: db, Username: cfg.User, Password: cfg.Password},
			DialTimeout:      cfg.DialTimeout,
			ReadTimeout:      5 * time.Minute,
			Settings:         settings,
		}
	}
	// First a connection to the user's default database: find the version,
	// create the dealwatch database.
	boot, err := clickhouse.Open(opts("", nil))
	if err != nil {
		return nil, fmt.Errorf("chserver: open %s: %w", cfg.Addr, err)
	}
	defer boot.Close()
	if err := boot.Ping(ctx); err != nil {
		return nil, fmt.Errorf("chserver: ping %s: %w", cfg.Addr, err)
	}
	sv, err := boot.ServerVersion()
	if err != nil {
		return nil, fmt.Errorf("chserver: server version: %w", err)
	}
	var settings clickhouse.Settings
	settings = clickhouse.Settings{}
	if sv.Version.Major < 19 {
		settings["allow_experimental_low_cardinality_type"] = 1
	}
	on := ""
	if cfg.Cluster != "" {
		on = " ON CLUSTER " + cfg.Cluster
		// Inserts into a Distributed table reach the shards before they are
		// acknowledged (the sink commits offsets only after that), and each
		// shard's replicated table drops a block it already has. (The
		// server profile should also have load_balancing = in_order, so that
		// a lookup reads the replica the last insert went to; the 18.x
		// native protocol carries only numeric settings.)
		settings["insert_distributed_sync"] = 1
		settings["insert_deduplicate"] = 1
	}
	if cfg.CreateDatabase {
		if err := boot.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+cfg.Database+on); err != nil {
			return nil, fmt.Errorf("chserver: create database %s: %w", cfg.Database, err)
		}
	}
	conn, err := clickhouse.Open(opts(cfg.Database, settings))
	if err != nil {
		return nil, fmt.Errorf("chserver: open %s: %w", cfg.Addr, err)
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("chserver: ping %s/%s: %w", cfg.Addr, cfg.Database, err)
	}
	return &Engine{conn: conn, db: cfg.Database, cluster: cfg.Cluster, stamps: newStampCache()}, nil
}

// Cluster implements store.Clustered.
func (e *Engine) Cluster() string { return e.cluster }

// Name implements store.Engine.
func (e *Engine) Name() string { return "clickhouse" }

// Close implements store.Engine.
func (e *Engine) Close() error { return e.conn.Close() }

// Exec implements store.Engine. Arguments are bound by clickhouse-go,
// which quotes them as literals (the native protocol of 18.16 has no
// server-side parameters).
func (e *Engine) Exec(ctx context.Context, query string, args ...any) error {
	if err := e.conn.Exec(ctx, query, args...); err != nil {
		return fmt.Errorf("clickhouse: %w", err)
	}
	return nil
}

// Query implements store.Engine.
func (e *Engine) Query(ctx context.Context, query string, args ...any) (*store.Result, error) {
	rows, err := e.conn.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("clickhouse: %w", err)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	res := &store.Result{Columns: make([]store.Column, len(types)), Rows: [][]any{}}
	for i, ct := range types {
		res.Columns[i] = store.Column{Name: ct.Name(), Type: ct.DatabaseTypeName()}
	}
	for rows.Next() {
		dest := make([]any, len(types))
		for i, ct := range types {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("clickhouse: scan: %w", err)
		}
		row := make([]any, len(dest))
		for i, d := range dest {
			row[i] = store.Normalize(reflect.ValueOf(d).Elem().Interface())
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clickhouse: %w", err)
	}
	return res, nil
}

// InsertEvents implements store.Engine: a native batch with the explicit
// column list; Send returns once the server acknowledged the block.
func (e *Engine) InsertEvents(ctx context.Context, events []schemas.DealEvent) error {
	if len(events) == 0 {
		return nil
	}
	cols := store.EventColumns
	var stamp time.Time
	if e.cluster != "" {
		// The replicated tables recognise a retried block by its content;
		// inserted_at is part of it, so the block carries the time of its
		// first attempt instead of each attempt's now().
		cols += ", inserted_at"
		stamp = e.stamps.stamp(events, time.Now())
	}
	batch, err := e.conn.PrepareBatch(ctx, "INSERT INTO events ("+cols+")")
	if err != nil {
		return fmt.Errorf("clickhouse: prepare insert: %w", err)
	}
	defer batch.Abort()
	for _, ev := range events {
		vals := store.NewEventRow(ev).Values()
		if e.cluster != "" {
			vals = append(vals, stamp)
		}
		if err := batch.Append(vals...); err != nil {
			return fmt.Errorf("clickhouse: append event %s: %w", ev.EventID, err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("clickhouse: insert %d events: %w", len(events), err)
	}
	return nil
}
