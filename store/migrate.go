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
// goose runs the migration files over SQLDB(e), the same way on both
// engines. Its bookkeeping goes through versionStore rather than goose's
// clickhouse dialect: the dialect inserts with INSERT ... VALUES, which
// clickhouse-go's Exec cannot send to an 18.16 server (it waits for a data
// block that never comes), so versionStore inserts with INSERT ... SELECT.
func Migrate(ctx context.Context, e Engine, log *slog.Logger) ([]int64, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fsys, err := MigrationsFS()
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	db := SQLDB(e)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectCustom, db, fsys,
		goose.WithStore(&versionStore{e: e}),
		goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goMigrations(e)...),
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
	fsys, err := MigrationsFS()
	if err != nil {
		return nil, err
	}
	db := SQLDB(e)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectCustom, db, fsys,
		goose.WithStore(&versionStore{e: e}), goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goMigrations(e)...),
		goose.WithSlog(slog.New(slog.DiscardHandler)))
	if err != nil {
		return nil, fmt.Errorf("store: goose: %w", err)
	}
	return p.Status(ctx)
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
	return s.e.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+VersionTable+` (
	version_id Int64,
	is_applied UInt8,
	date Date DEFAULT toDate(now()),
	tstamp DateTime DEFAULT now()
) ENGINE = MergeTree() ORDER BY (version_id)`)
}

func (s *versionStore) Insert(ctx context.Context, _ database.DBTxConn, req database.InsertRequest) error {
	return s.e.Exec(ctx, "INSERT INTO "+VersionTable+" (version_id, is_applied) SELECT ?, 1", req.Version)
}

func (s *versionStore) Delete(ctx context.Context, _ database.DBTxConn, version int64) error {
	return s.e.Exec(ctx, "ALTER TABLE "+VersionTable+" DELETE WHERE version_id = ?", version)
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
