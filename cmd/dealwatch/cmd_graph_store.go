package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chembed"
	"github.com/dealwatch/dealwatch/store/chserver"
)

// graphQuerier opens the ClickHouse server named by CLICKHOUSE_ADDR, or
// else chDB on $DEALWATCH_DATA_DIR/chdb (stop `dealwatch run` first: chDB
// holds its directory).
func graphQuerier(ctx context.Context) (store.Querier, func(), error) {
	if os.Getenv("CLICKHOUSE_ADDR") != "" {
		e, err := chserver.Open(ctx, chserver.ConfigFromEnv())
		if err != nil {
			return nil, nil, err
		}
		return e, func() { _ = e.Close() }, nil
	}
	e, err := chembed.Open(ctx, chembed.Config{Dir: filepath.Join(alert.DataDir(), "chdb"), Database: os.Getenv("CLICKHOUSE_DATABASE")})
	if err != nil {
		return nil, nil, err
	}
	return e, func() { _ = e.Close() }, nil
}
