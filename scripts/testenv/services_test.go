package testenv_test

// These tests check that the services started by scripts/services.sh are the
// ones the project's clients can talk to: clickhouse-go v2 over the native
// protocol against ClickHouse 18.16, kafka-go against Apache Kafka 4.x
// (KRaft), and libchdb loaded through store/chembed.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store/chembed"
)

func ctxFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func suffix(t *testing.T) string {
	t.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

func TestClickHouseServerReachable(t *testing.T) {
	addr := testenv.ClickHouse(t)
	ctx := ctxFor(t, time.Minute)
	conn, err := clickhouse.Open(&clickhouse.Options{
		Addr:        []string{addr},
		Auth:        clickhouse.Auth{Database: "default", Username: "default"},
		DialTimeout: 5 * time.Second,
		Settings:    clickhouse.Settings{"allow_experimental_low_cardinality_type": 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Ping(ctx); err != nil {
		t.Fatalf("ping %s: %v", addr, err)
	}
	var version string
	if err := conn.QueryRow(ctx, "SELECT version()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	t.Logf("server version %s", version)

	db := "testenv_" + suffix(t)
	if err := conn.Exec(ctx, "CREATE DATABASE "+db); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+db) })
	// The column types the events table uses.
	if err := conn.Exec(ctx, `CREATE TABLE `+db+`.t (
		id String, kind LowCardinality(String), amount Nullable(Float64),
		names Array(String), at DateTime, retracted UInt8, version UInt64
	) ENGINE = ReplacingMergeTree(version) ORDER BY id`); err != nil {
		t.Fatal(err)
	}

	at := time.Date(2025, 11, 3, 14, 0, 0, 0, time.UTC)
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+db+".t (id, kind, amount, names, at, retracted, version)")
	if err != nil {
		t.Fatal(err)
	}
	const n = 100
	for i := 0; i < n; i++ {
		var amount *float64
		if i%2 == 0 {
			v := float64(i) * 1e9
			amount = &v
		}
		if err := batch.Append(fmt.Sprintf("e%03d", i), "cloud_services", amount,
			[]string{"openai", "amazon"}, at.Add(time.Duration(i)*time.Hour), uint8(i%3/2), uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatalf("batch insert into 18.16: %v", err)
	}

	var (
		count   uint64
		sum     float64
		retract uint64
		names   []string
		last    time.Time
		kind    string
	)
	row := conn.QueryRow(ctx, `SELECT count(), sum(ifNull(amount, 0)), sum(retracted), any(names), max(at), any(kind) FROM `+db+`.t`)
	if err := row.Scan(&count, &sum, &retract, &names, &last, &kind); err != nil {
		t.Fatal(err)
	}
	wantSum := 0.0
	wantRetract := uint64(0)
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			wantSum += float64(i) * 1e9
		}
		wantRetract += uint64(i % 3 / 2)
	}
	if count != n || sum != wantSum || retract != wantRetract {
		t.Fatalf("count=%d sum=%g retracted=%d, want %d %g %d", count, sum, retract, n, wantSum, wantRetract)
	}
	if strings.Join(names, ",") != "openai,amazon" || kind != "cloud_services" {
		t.Fatalf("names=%v kind=%q", names, kind)
	}
	if want := at.Add((n - 1) * time.Hour); !last.Equal(want) {
		t.Fatalf("max(at) = %s, want %s", last, want)
	}
}

func TestKafkaReachable(t *testing.T) {
	addr := testenv.Kafka(t)
	ctx := ctxFor(t, time.Minute)

	conn, err := kafka.DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	brokers, err := conn.Brokers() // a metadata request
	if err != nil {
		t.Fatalf("metadata from %s: %v", addr, err)
	}
	if len(brokers) != 1 || net.JoinHostPort(brokers[0].Host, strconv.Itoa(brokers[0].Port)) != addr {
		t.Fatalf("brokers = %+v, want one at %s", brokers, addr)
	}

	topic := "testenv." + suffix(t)
	controller, err := conn.Controller()
	if err != nil {
		t.Fatal(err)
	}
	cc, err := kafka.DialContext(ctx, "tcp", net.JoinHostPort(controller.Host, strconv.Itoa(controller.Port)))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	if err := cc.CreateTopics(kafka.TopicConfig{Topic: topic, NumPartitions: 2, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.DeleteTopics(topic) })

	w := &kafka.Writer{Addr: kafka.TCP(addr), Topic: topic, RequiredAcks: kafka.RequireAll, Balancer: &kafka.Hash{}, BatchTimeout: 5 * time.Millisecond}
	defer w.Close()
	msgs := []kafka.Message{{Key: []byte("a"), Value: []byte("one")}, {Key: []byte("a"), Value: []byte("two")}}
	// The new topic's leader may take a moment to be known to the writer.
	for {
		err = w.WriteMessages(ctx, msgs...)
		if err == nil || !errors.Is(err, kafka.UnknownTopicOrPartition) && !errors.Is(err, kafka.LeaderNotAvailable) {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("write: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err != nil {
		t.Fatal(err)
	}

	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{addr}, Topic: topic, GroupID: "testenv-" + suffix(t), StartOffset: kafka.FirstOffset, MaxWait: 250 * time.Millisecond})
	defer r.Close()
	var got []string
	for len(got) < len(msgs) {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			t.Fatalf("fetch after %v: %v", got, err)
		}
		got = append(got, string(m.Value))
		if err := r.CommitMessages(ctx, m); err != nil {
			t.Fatalf("commit: %v", err)
		}
	}
	// Same key → same partition → order kept.
	if strings.Join(got, ",") != "one,two" {
		t.Fatalf("consumed %v, want [one two]", got)
	}
}

func TestCHDBLoads(t *testing.T) {
	lib := testenv.CHDB(t)
	ctx := ctxFor(t, 2*time.Minute)
	e, err := chembed.Open(ctx, chembed.Config{Dir: t.TempDir(), LibPath: lib, Database: "testenv_" + suffix(t), CreateDatabase: true})
	if err != nil {
		t.Fatalf("open chDB from %s: %v", lib, err)
	}
	defer e.Close()
	res, err := e.Query(ctx, "SELECT version() AS v, 6 * 7 AS answer")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 {
		t.Fatalf("rows = %v", res.Rows)
	}
	m := res.Maps()[0]
	v, _ := m["v"].(string)
	if !strings.HasPrefix(v, "26.") {
		t.Fatalf("chDB version = %v, want 26.x", m["v"])
	}
	if fmt.Sprint(m["answer"]) != "42" {
		t.Fatalf("6*7 = %v", m["answer"])
	}
	t.Logf("chDB %s", v)
}

// TestKafkaClusterIDNeverAnOption: the KRaft cluster id services.sh formats
// Kafka with never starts with '-' (kafka-storage would take it for an
// option, and `start` failed that way once in CI), whatever the random
// bytes; it is still 16 bytes in base64url.
func TestKafkaClusterIDNeverAnOption(t *testing.T) {
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	valid := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{21}$`)
	dir := t.TempDir()
	for i, first := range []byte{0xf8, 0xfb, 0xfc, 0xff, 0x00, 0x7f} {
		raw := append([]byte{first}, bytes.Repeat([]byte{0xfb}, 15)...)
		src := filepath.Join(dir, fmt.Sprint(i))
		if err := os.WriteFile(src, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", filepath.Join(root, "scripts", "services.sh"), "cluster-id")
		cmd.Env = append(os.Environ(), "SERVICES_RANDOM="+src)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("services.sh cluster-id: %v", err)
		}
		id := strings.TrimSpace(string(out))
		if !valid.MatchString(id) {
			t.Errorf("bytes % x: cluster id %q", raw[:2], id)
			continue
		}
		dec, err := base64.RawURLEncoding.DecodeString(id)
		if err != nil || len(dec) != 16 || !bytes.Equal(dec[1:], raw[1:]) || dec[0] != first&0x7f {
			t.Errorf("bytes % x: cluster id %q decodes to % x (%v)", raw, id, dec, err)
		}
	}
}
