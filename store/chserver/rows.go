package chserver

import (
	"context"
	"fmt"

	"github.com/dealwatch/dealwatch/store"
)

var _ store.RowInserter = (*Engine)(nil)

// InsertRows implements store.RowInserter: a native batch with the explicit
// column list; Send returns once the server acknowledged the block.
func (e *Engine) InsertRows(ctx context.Context, table, columns string, rows []store.Row) error {
	if len(rows) == 0 {
		return nil
	}
	q, err := store.InsertStatement(table, columns)
	if err != nil {
		return err
	}
	batch, err := e.conn.PrepareBatch(ctx, q)
	if err != nil {
		return fmt.Errorf("clickhouse: prepare insert into %s: %w", table, err)
	}
	defer batch.Abort()
	for _, r := range rows {
		if err := batch.Append(r.Values()...); err != nil {
			return fmt.Errorf("clickhouse: append to %s: %w", table, err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("clickhouse: insert %d rows into %s: %w", len(rows), table, err)
	}
	return nil
}
