//go:build chdbgo

// Package chdbgo checks that github.com/chdb-io/chdb-go works with the
// libchdb that scripts/services.sh fetches. It is behind the chdbgo build tag
// because chdb-go loads libchdb in an init function and panics when the
// library is missing, before any test can skip:
//
//	. .services/env && go test -tags chdbgo ./scripts/testenv/chdbgo
//
// dealwatch itself binds libchdb in store/chembed and loads it on demand.
package chdbgo

import (
	"strings"
	"testing"

	"github.com/chdb-io/chdb-go/chdb"
)

func TestCHDBGoQuery(t *testing.T) {
	res, err := chdb.Query("SELECT version(), 6 * 7", "TSV")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Free()
	if err := res.Error(); err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(strings.TrimSpace(res.String()))
	if len(fields) != 2 || !strings.HasPrefix(fields[0], "26.") || fields[1] != "42" {
		t.Fatalf("result %q, want a 26.x version and 42", res.String())
	}
	t.Logf("chdb-go on chDB %s", fields[0])
}
