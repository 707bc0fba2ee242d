package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Row is one row for InsertRows: Values in the order of the insert's
// column list (native protocol), and its JSON a JSONEachRow line with the
// same columns (chDB).
type Row interface {
	Values() []any
	json.Marshaler
}

// RowInserter inserts rows into a table other than events with an explicit
// column list and returns once the engine acknowledged them. Both engines
// implement it; table and columns are the caller's constants, never input.
type RowInserter interface {
	InsertRows(ctx context.Context, table, columns string, rows []Row) error
}

// InsertStatement checks table and columns are plain identifiers and
// returns "INSERT INTO table (columns)".
func InsertStatement(table, columns string) (string, error) {
	if !dbNameRE.MatchString(table) {
		return "", fmt.Errorf("store: table name %q is not an identifier", table)
	}
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c)
		if !dbNameRE.MatchString(cols[i]) {
			return "", fmt.Errorf("store: column name %q is not an identifier", cols[i])
		}
	}
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ")", nil
}

// JSONEachRowOf encodes rows as JSONEachRow data.
func JSONEachRowOf(rows []Row) ([]byte, error) {
	var b strings.Builder
	for _, r := range rows {
		raw, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		b.Write(raw)
		b.WriteByte('\n')
	}
	return []byte(b.String()), nil
}
