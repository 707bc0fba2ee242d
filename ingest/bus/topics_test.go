package bus_test

import (
	"context"
	"errors"
	"testing"

	"github.com/dealwatch/dealwatch/ingest/bus"
)

func TestTopicConfigsMinInsync(t *testing.T) {
	for _, c := range []struct {
		rf, min, want int
	}{{1, 0, 1}, {2, 0, 1}, {3, 0, 2}, {5, 0, 2}, {3, 3, 3}, {3, 1, 1}} {
		cfg := bus.Config{ReplicationFactor: c.rf, MinInsyncReplicas: c.min}
		got := map[string]string{}
		for _, e := range cfg.TopicConfigs() {
			got[e.ConfigName] = e.ConfigValue
		}
		if got["min.insync.replicas"] != string(rune('0'+c.want)) || got["max.message.bytes"] == "" {
			t.Errorf("rf %d min %d: %v, want min.insync.replicas %d", c.rf, c.min, got, c.want)
		}
	}
}

func TestConfigFromEnvMinInsync(t *testing.T) {
	t.Setenv("KAFKA_REPLICATION", "3")
	t.Setenv("KAFKA_MIN_INSYNC_REPLICAS", "3")
	if cfg := bus.ConfigFromEnv(); cfg.ReplicationFactor != 3 || cfg.MinInsyncReplicas != 3 {
		t.Fatalf("ConfigFromEnv: %+v", cfg)
	}
}

// min.insync.replicas above the replication factor would make every acks=all
// write fail: it is refused before any topic is created.
func TestEnsureTopicsRefusesImpossibleMinInsync(t *testing.T) {
	cfg := bus.Config{Brokers: []string{"127.0.0.1:1"}, ReplicationFactor: 2, MinInsyncReplicas: 3}
	err := bus.EnsureTopics(context.Background(), cfg, "t")
	if !errors.Is(err, bus.ErrBadTopicConfig) {
		t.Fatalf("err %v, want ErrBadTopicConfig", err)
	}
}
