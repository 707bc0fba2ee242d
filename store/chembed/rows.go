package chembed

import (
	"context"
	"fmt"

	"github.com/dealwatch/dealwatch/store"
)

var _ store.RowInserter = (*Engine)(nil)

// InsertRows implements store.RowInserter: one INSERT with the explicit
// column list whose rows follow as JSONEachRow data (data, not SQL).
func (e *Engine) InsertRows(ctx context.Context, table, columns string, rows []store.Row) error {
	if len(rows) == 0 {
		return nil
	}
	q, err := store.InsertStatement(table, columns)
	if err != nil {
		return err
	}
	data, err := store.JSONEachRowOf(rows)
	if err != nil {
		return fmt.Errorf("chembed: encode rows for %s: %w", table, err)
	}
	if _, err := e.run(ctx, q+" FORMAT JSONEachRow\n"+string(data), "TSV"); err != nil {
		return fmt.Errorf("chembed: insert %d rows into %s: %w", len(rows), table, err)
	}
	return nil
}
