package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
)

// ArticleTextCodec is the compression codec of articles.text on engines
// that have column codecs (ClickHouse 19.1 and later, chDB). ZSTD compresses
// prose about twice as well as the default LZ4 and is still cheap to read.
const ArticleTextCodec = "ZSTD(3)"

// codecMigrationVersion follows 00004_articles.sql.
const codecMigrationVersion = 5

// goMigrations are the migrations that depend on the engine and so cannot
// be plain SQL: goose runs them between the SQL files, in version order.
func goMigrations(e Engine) []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(codecMigrationVersion,
			&goose.GoFunc{RunDB: func(ctx context.Context, _ *sql.DB) error { return articleTextCodec(ctx, e) }},
			&goose.GoFunc{RunDB: func(context.Context, *sql.DB) error { return nil }}),
	}
}

// articleTextCodec gives articles.text its codec where the engine has
// column codecs. ClickHouse 18.16 has none (CODEC is a syntax error there):
// its parts use the server's <compression> setting, LZ4 by default. The
// ALTER only changes the metadata; parts written before it are recompressed
// when they merge.
func articleTextCodec(ctx context.Context, e Engine) error {
	ok, err := hasColumnCodecs(ctx, e)
	if err != nil || !ok {
		return err
	}
	ddl, err := ClusterDDL(ctx, e, "ALTER TABLE articles MODIFY COLUMN text String CODEC("+ArticleTextCodec+")")
	if err != nil {
		return err
	}
	return e.Exec(ctx, ddl)
}

// hasColumnCodecs reports whether the engine's ClickHouse is 19.1 or later.
func hasColumnCodecs(ctx context.Context, e Engine) (bool, error) {
	r, err := e.Query(ctx, "SELECT version()")
	if err != nil {
		return false, fmt.Errorf("store: server version: %w", err)
	}
	if len(r.Rows) != 1 {
		return false, fmt.Errorf("store: server version: %d rows", len(r.Rows))
	}
	v, _ := r.Rows[0][0].(string)
	major, err := strconv.Atoi(strings.SplitN(v, ".", 2)[0])
	if err != nil {
		return false, fmt.Errorf("store: server version %q: %w", v, err)
	}
	return major >= 19, nil
}
