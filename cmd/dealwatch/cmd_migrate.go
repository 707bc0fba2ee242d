package main

import (
	"context"
	"fmt"
	"time"

	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
	"github.com/dealwatch/dealwatch/store/chserver"
)

// runMigrate applies the ClickHouse migrations (idempotent).
func runMigrate(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "migrate")
	status := fs.Bool("status", false, "list the migrations and whether each is applied, change nothing")
	dataDir := fs.String("data", backend.DataDir(), "data directory of the embedded chDB (env DEALWATCH_DATA_DIR); ignored when CLICKHOUSE_ADDR is set")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	server := chserver.ConfigFromEnv()
	fs.StringVar(&server.Cluster, "cluster", server.Cluster, "ClickHouse cluster (remote_servers name) to create the schema on: every DDL ON CLUSTER, replicated tables behind Distributed ones (env CLICKHOUSE_CLUSTER; empty: one server)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	opts := backend.Options{DataDir: *dataDir, CreateDatabase: true}
	if server.Addr != "" {
		opts.Server = &server
	} else if server.Cluster != "" {
		return fmt.Errorf("%w: -cluster needs a ClickHouse server (CLICKHOUSE_ADDR)", errUsage)
	}
	e, err := backend.Open(ctx, opts)
	if err != nil {
		return fmt.Errorf("open ClickHouse: %w", err)
	}
	defer e.Close()
	if *status {
		st, err := store.MigrationStatus(ctx, e)
		if err != nil {
			return err
		}
		for _, s := range st {
			applied := ""
			if !s.AppliedAt.IsZero() {
				applied = s.AppliedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(env.stdout, "%05d  %-8s  %-20s  %s\n", s.Source.Version, s.State, applied, s.Source.Path)
		}
		return nil
	}
	applied, err := store.Migrate(ctx, e, env.log)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(env.stdout, "schema is up to date (%s)\n", e.Name())
		return nil
	}
	fmt.Fprintf(env.stdout, "applied %d migrations %v (%s)\n", len(applied), applied, e.Name())
	return nil
}
