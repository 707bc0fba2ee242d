package chembed

import (
	"context"
	"fmt"
	"strings"

	"github.com/dealwatch/dealwatch/store"
)

var _ store.ReadOnlyEngine = (*Engine)(nil)

// readOnlySettings is appended to the engine's own rendering of a statement.
// libchdb's C API has no per-query settings, so readonly=1 travels as the
// outermost SETTINGS clause, which the engine applies to the whole query
// before it runs and which the statement cannot undo (the engine refuses
// to change readonly once it is 1).
const readOnlySettings = " SETTINGS readonly = 1"

// PlanReadOnly implements store.ReadOnlyEngine. chDB runs every statement of
// a multi-statement text, so the text never reaches the SQL position before
// the engine has parsed it as data: formatQuerySingleLine(<text as a
// literal>) fails unless it is exactly one statement, and returns the
// engine's own rendering of it (comments gone, heredocs and unicode quotes
// turned into plain literals). That rendering, with readonly=1 as its
// outermost setting, is the statement explained (EXPLAIN AST) and run.
func (e *Engine) PlanReadOnly(ctx context.Context, query string) (store.ReadOnlyPlan, error) {
	r, err := e.Query(ctx, "SELECT formatQuerySingleLine(?)", query)
	if err != nil {
		return store.ReadOnlyPlan{}, fmt.Errorf("%w: %w", store.ErrNotOneStatement, err)
	}
	if len(r.Rows) != 1 || len(r.Rows[0]) != 1 {
		return store.ReadOnlyPlan{}, fmt.Errorf("chembed: formatQuerySingleLine returned %d rows", len(r.Rows))
	}
	formatted, ok := r.Rows[0][0].(string)
	if !ok || strings.TrimSpace(formatted) == "" {
		return store.ReadOnlyPlan{}, fmt.Errorf("%w: empty statement", store.ErrReadOnly)
	}
	// A SELECT is parenthesised so that the SETTINGS clause belongs to the
	// whole statement (UNION and INTERSECT included), not to its last
	// SELECT. Which form was meant is checked on the tree, not here.
	stmt := formatted + readOnlySettings
	if up := strings.ToUpper(formatted); strings.HasPrefix(up, "SELECT") || strings.HasPrefix(up, "WITH") || strings.HasPrefix(up, "(") {
		stmt = "(" + formatted + ")" + readOnlySettings
	}
	out, err := e.run(ctx, "EXPLAIN AST "+stmt, "TSV")
	if err != nil {
		return store.ReadOnlyPlan{}, fmt.Errorf("%w: %w", store.ErrNotOneStatement, err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	return store.ReadOnlyPlan{Statement: stmt, AST: lines, EngineSettings: true}, nil
}

// RunReadOnly implements store.ReadOnlyEngine: the planned text as it is
// (no placeholder binding: it was bound before it was planned).
func (e *Engine) RunReadOnly(ctx context.Context, p store.ReadOnlyPlan) (*store.Result, error) {
	if !p.EngineSettings || !strings.HasSuffix(p.Statement, readOnlySettings) {
		return nil, fmt.Errorf("%w: statement was not planned by chDB", store.ErrReadOnly)
	}
	out, err := e.run(ctx, p.Statement, "JSONCompact")
	if err != nil {
		return nil, err
	}
	return decodeJSONCompact(out)
}
