package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"

	"github.com/dealwatch/dealwatch/schemas"
)

// VersionTable is goose's bookkeeping table, in the dealwatch database.
const VersionTable = "goose_db_version"

// MigrationsFS returns the embedded migrations (schemas/clickhouse).
func MigrationsFS() (fs.FS, error) { return fs.Sub(schemas.ClickHouseMigrations, "clickhouse") }

// Migrate applies the pending migrations with goose and returns the
// versions it applied (none when the schema is current). It is idempotent.
//
// Pending migrations older than the newest applied one are applied too
// (goose's out-of-order mode): the store numbers its files 00001..00099
// and the alerter 00100+, so a store migration added later (00007 on a
// database already at 00101) is older than what ran, and plain goose would
// refuse to start.
//
// goose runs the migration files over SQLDB(e), the same way on both
// engines. Its bookkeeping goes through versionStore rather than goose's
// clickhouse dialect: the dialect inserts with INSERT ... VALUES, which
// clickhouse-go's Exec cannot send to an 18.16 server (it waits for a data
// block that never comes), so versionStore inserts with INSERT ... SELECT.
//
// On a cluster (ClusterOf(e) != "") the same files run in their cluster
// form (see cluster.go), and goose's bookkeeping is itself replicated to
// every node, so that the next run, from whichever node, sees what ran.
func Migrate(ctx context.Context, e Engine, log *slog.Logger) ([]int64, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fsys, err := migrationsFor(ctx, e)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	db := SQLDB(e)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectCustom, db, fsys,
		goose.WithStore(&versionStore{e: e}),
		goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goMigrations(e)...),
		goose.WithAllowOutofOrder(true),
		goose.WithSlog(log),
	)
	if err != nil {
		return nil, fmt.Errorf("store: goose: %w", err)
	}
	results, err := p.Up(ctx)
	var applied []int64
	for _, r := range results {
		if r.Error == nil {
			applied = append(applied, r.Source.Version)
			log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "engine", e.Name(), "took", r.Duration)
		}
	}
	if err != nil {
		return applied, fmt.Errorf("store: migrate: %w", err)
	}
	return applied, nil
}

// MigrationStatus lists each known migration and whether it is applied.
func MigrationStatus(ctx context.Context, e Engine) ([]*goose.MigrationStatus, error) {
	fsys, err := migrationsFor(ctx, e)
	if err != nil {
		return nil, err
	}
	db := SQLDB(e)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectCustom, db, fsys,
		goose.WithStore(&versionStore{e: e}), goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goMigrations(e)...), goose.WithAllowOutofOrder(true),
		goose.WithSlog(slog.New(slog.DiscardHandler)))
	if err != nil {
		return nil, fmt.Errorf("store: goose: %w", err)
	}
	return p.Status(ctx)
}

// migrationsFor returns the migrations as e runs them: the files as they
// are on a single node, rewritten for e's cluster otherwise.
func migrationsFor(ctx context.Context, e Engine) (fs.FS, error) {
	fsys, err := MigrationsFS()
	if err != nil {
		return nil, err
	}
	cluster := ClusterOf(e)
	if cluster == "" {
		return fsys, nil
	}
	db, err := currentDatabase(ctx, e)
	if err != nil {
		return nil, err
	}
	return newClusterFS(fsys, cluster, db)
}

func currentDatabase(ctx context.Context, e Engine) (string, error) {
	r, err := e.Query(ctx, "SELECT currentDatabase()")
	if err != nil {
		return "", fmt.Errorf("store: current database: %w", err)
	}
	if len(r.Rows) != 1 {
		return "", fmt.Errorf("store: current database: %d rows", len(r.Rows))
	}
	db, _ := r.Rows[0][0].(string)
	return db, CheckDatabase(db)
}

// versionStore is goose's database.Store over an Engine.
type versionStore struct{ e Engine }

var _ database.StoreExtender = (*versionStore)(nil)

func (s *versionStore) Tablename() string { return VersionTable }

func (s *versionStore) TableExists(ctx context.Context, _ database.DBTxConn) (bool, error) {
	r, err := s.e.Query(ctx, "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = ?", VersionTable)
	if err != nil {
		return false, err
	}
	return len(r.Rows) == 1 && r.Rows[0][0] == uint64(1), nil
}

func (s *versionStore) CreateVersionTable(ctx context.Context, _ database.DBTxConn) error {
	name, engine, on := VersionTable, "MergeTree()", ""
	if cluster := ClusterOf(s.e); cluster != "" {
		// One copy on every node of the cluster: a single ZooKeeper path
		// for all shards, a replica per node.
		db, err := currentDatabase(ctx, s.e)
		if err != nil {
			return err
		}
		name = db + "." + VersionTable
		engine = "ReplicatedMergeTree('/clickhouse/tables/all/" + db + "/" + VersionTable + "', '{shard}-{replica}')"
		on = " ON CLUSTER " + cluster
	}
	return s.e.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+name+on+` (
	version_id Int64,
	is_applied UInt8,
	date Date DEFAULT toDate(now()),
	tstamp DateTime DEFAULT now()
) ENGINE = `+engine+` ORDER BY (version_id)`)
}

func (s *versionStore) Insert(ctx context.Context, _ database.DBTxConn, req database.InsertRequest) error {
	return s.e.Exec(ctx, "INSERT INTO "+VersionTable+" (version_id, is_applied) SELECT ?, 1", req.Version)
}

func (s *versionStore) Delete(ctx context.Context, _ database.DBTxConn, version int64) error {
	name, on := VersionTable, ""
	if cluster := ClusterOf(s.e); cluster != "" {
		db, err := currentDatabase(ctx, s.e)
		if err != nil {
			return err
		}
		name, on = db+"."+VersionTable, " ON CLUSTER "+cluster
	}
	return s.e.Exec(ctx, "ALTER TABLE "+name+on+" DELETE WHERE version_id = ?", version)
}

func (s *versionStore) GetMigration(ctx context.Context, _ database.DBTxConn, version int64) (*database.GetMigrationResult, error) {
	r, err := s.e.Query(ctx, "SELECT tstamp, is_applied FROM "+VersionTable+" WHERE version_id = ? ORDER BY tstamp DESC LIMIT 1", version)
	if err != nil {
		return nil, err
	}
	if len(r.Rows) == 0 {
		return nil, fmt.Errorf("%w: %d", database.ErrVersionNotFound, version)
	}
	ts, _ := r.Rows[0][0].(time.Time)
	applied, _ := r.Rows[0][1].(uint64)
	return &database.GetMigrationResult{Timestamp: ts, IsApplied: applied == 1}, nil
}

func (s *versionStore) GetLatestVersion(ctx context.Context, _ database.DBTxConn) (int64, error) {
	r, err := s.e.Query(ctx, "SELECT max(version_id), count() FROM "+VersionTable)
	if err != nil {
		return 0, err
	}
	if len(r.Rows) == 0 || r.Rows[0][1] == uint64(0) {
		return -1, fmt.Errorf("%w: no versions", database.ErrVersionNotFound)
	}
	v, ok := r.Rows[0][0].(int64)
	if !ok {
		return 0, errors.New("store: unexpected max(version_id)")
	}
	return v, nil
}

func (s *versionStore) ListMigrations(ctx context.Context, _ database.DBTxConn) ([]*database.ListMigrationsResult, error) {
	r, err := s.e.Query(ctx, "SELECT version_id, is_applied FROM "+VersionTable+" ORDER BY version_id DESC")
	if err != nil {
		return nil, err
	}
	out := make([]*database.ListMigrationsResult, 0, len(r.Rows))
	for _, row := range r.Rows {
		v, _ := row[0].(int64)
		a, _ := row[1].(uint64)
		out = append(out, &database.ListMigrationsResult{Version: v, IsApplied: a == 1})
	}
	return out, nil
}
