// Package storetest opens the store engines for tests: a private ClickHouse
// 18.16 server and chDB, both found through scripts/testenv, each test in
// a database of its own.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chembed"
	"github.com/dealwatch/dealwatch/store/chserver"
)

// Database returns a fresh database name for one test.
func Database(t testing.TB) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "dwtest_" + hex.EncodeToString(b[:])
}

// Ctx returns a context with a deadline for one test.
func Ctx(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// ServerConfig returns the config of the test server on a fresh database.
func ServerConfig(t testing.TB) chserver.Config {
	t.Helper()
	return chserver.Config{Addr: clickHouseAddr(t), Database: Database(t), CreateDatabase: true}
}

// Server opens the test server engine on a fresh database, dropped at the end.
func Server(t testing.TB) *chserver.Engine {
	t.Helper()
	cfg := ServerConfig(t)
	e, err := chserver.Open(Ctx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = e.Exec(ctx, "DROP DATABASE IF EXISTS "+cfg.Database)
		_ = e.Close()
	})
	return e
}

// Embedded opens chDB on a temporary directory. libchdb runs one session
// per process, so tests using it must not run in parallel.
func Embedded(t testing.TB) *chembed.Engine {
	t.Helper()
	lib := chdbLib(t)
	e, err := chembed.Open(Ctx(t), chembed.Config{Dir: t.TempDir(), LibPath: lib, Database: Database(t), CreateDatabase: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// Engines returns a constructor per engine, for table-driven tests.
func Engines() []struct {
	Name string
	Open func(testing.TB) store.Engine
} {
	return []struct {
		Name string
		Open func(testing.TB) store.Engine
	}{
		{"clickhouse18", func(t testing.TB) store.Engine { return Server(t) }},
		{"chdb", func(t testing.TB) store.Engine { return Embedded(t) }},
	}
}

func clickHouseAddr(t testing.TB) string {
	t.Helper()
	return testenv.ClickHouse(t)
}

func chdbLib(t testing.TB) string {
	t.Helper()
	return testenv.CHDB(t)
}
