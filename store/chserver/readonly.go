package chserver

import (
	"context"
	"fmt"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/dealwatch/dealwatch/store"
)

var _ store.ReadOnlyEngine = (*Engine)(nil)

// readOnlyContext sets readonly=1 on the query itself: a per-query setting
// of the native protocol, applied by the server before it parses the
// statement, so no SETTINGS clause in it can lower it (the server answers
// "Cannot execute SET query in readonly mode"). On 18.16 readonly=1 also
// forbids every table function.
func readOnlyContext(ctx context.Context, extra clickhouse.Settings) context.Context {
	s := clickhouse.Settings{"readonly": 1}
	for k, v := range extra {
		s[k] = v
	}
	return clickhouse.Context(ctx, clickhouse.WithSettings(s))
}

// PlanReadOnly implements store.ReadOnlyEngine. A server parses exactly one
// statement per query (it refuses multi-statements), so the text can be
// explained as it is: `AST <query>` on 18.x/19.x (enable_debug_queries=1;
// the tree comes under an "Explain ParsedAST" root), EXPLAIN AST from 20.x.
func (e *Engine) PlanReadOnly(ctx context.Context, query string) (store.ReadOnlyPlan, error) {
	sv, err := e.conn.ServerVersion()
	if err != nil {
		return store.ReadOnlyPlan{}, fmt.Errorf("chserver: server version: %w", err)
	}
	explain, extra, header := "EXPLAIN AST ", clickhouse.Settings(nil), false
	if sv.Version.Major < 20 {
		explain, extra, header = "AST ", clickhouse.Settings{"enable_debug_queries": 1}, true
	}
	rows, err := e.conn.Query(readOnlyContext(ctx, extra), explain+query)
	if err != nil {
		return store.ReadOnlyPlan{}, fmt.Errorf("%w: clickhouse: %w", store.ErrNotOneStatement, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return store.ReadOnlyPlan{}, fmt.Errorf("chserver: explain: %w", err)
		}
		lines = append(lines, strings.Split(strings.TrimRight(s, "\n"), "\n")...)
	}
	if err := rows.Err(); err != nil {
		return store.ReadOnlyPlan{}, fmt.Errorf("%w: clickhouse: %w", store.ErrNotOneStatement, err)
	}
	if header {
		if len(lines) == 0 || !strings.HasPrefix(lines[0], "Explain ParsedAST") {
			return store.ReadOnlyPlan{}, fmt.Errorf("chserver: unexpected AST output %q", lines)
		}
		lines = lines[1:]
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, " ")
		}
	}
	return store.ReadOnlyPlan{Statement: query, AST: lines}, nil
}

// RunReadOnly implements store.ReadOnlyEngine: the statement with
// readonly=1 as a per-query setting.
func (e *Engine) RunReadOnly(ctx context.Context, p store.ReadOnlyPlan) (*store.Result, error) {
	// No arguments: the text was bound before it was planned, and
	// clickhouse-go leaves a query without arguments as it is.
	return e.Query(readOnlyContext(ctx, nil), p.Statement)
}
