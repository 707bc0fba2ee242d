package main

import (
	"context"

	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
)

// graphQuerier opens what `dealwatch sql` queries (backend.OpenQuerier):
// the ClickHouse server named by CLICKHOUSE_ADDR, else the query endpoint of
// a running `dealwatch run` (its run.json), else chDB on
// $DEALWATCH_DATA_DIR/chdb; every query goes through the read-only path.
func graphQuerier(ctx context.Context) (store.Querier, func(), error) {
	q, closer, err := backend.OpenQuerier(ctx, backend.Options{})
	if err != nil {
		return nil, nil, err
	}
	return q, func() { _ = closer.Close() }, nil
}
