package compose

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// docker-compose.cluster.yml: pinned images, healthchecks, valid ordering,
// and a topology that matches what the stages are told.
func TestClusterCompose(t *testing.T) {
	r := root(t)
	path := filepath.Join(r, "docker-compose.cluster.yml")
	c := load(t, path)
	healthy := map[string]bool{}
	for name, s := range c.Services {
		if s.Image == "" {
			t.Errorf("service %s: no image", name)
		} else if tag := imageTag(s.Image); tag == "" || tag == "latest" {
			t.Errorf("service %s: image %q not pinned", name, s.Image)
		}
		if s.Healthcheck != nil && s.Healthcheck.Test != nil && !s.Healthcheck.Disable {
			healthy[name] = true
		} else if !isDealwatch(s) && s.Restart != "no" {
			t.Errorf("service %s: infrastructure without a healthcheck", name)
		}
		for _, v := range s.Volumes {
			if src, _, ok := strings.Cut(v, ":"); ok && strings.HasPrefix(src, "./") {
				if _, err := os.Stat(filepath.Join(r, src)); err != nil {
					t.Errorf("service %s mounts %s: %v", name, src, err)
				}
			}
		}
	}
	for name, s := range c.Services {
		for dep, cond := range dependsOn(t, s.DependsOn) {
			if _, ok := c.Services[dep]; !ok {
				t.Errorf("%s depends on unknown %s", name, dep)
			} else if cond == "service_healthy" && !healthy[dep] {
				t.Errorf("%s waits for %s healthy; it has no healthcheck", name, dep)
			}
		}
	}

	// The raw file: the stages' environment and the brokers' replication.
	var raw struct {
		Env   map[string]string `yaml:"x-dealwatch-env"`
		Kafka map[string]string `yaml:"x-kafka-env"`
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	brokers := strings.Split(raw.Env["KAFKA_BROKERS"], ",")
	if len(brokers) != 3 || raw.Env["KAFKA_REPLICATION"] != "3" || raw.Env["KAFKA_MIN_INSYNC_REPLICAS"] != "2" {
		t.Errorf("stage env: brokers %v, replication %q, min.insync %q; want 3 brokers, 3, 2", brokers, raw.Env["KAFKA_REPLICATION"], raw.Env["KAFKA_MIN_INSYNC_REPLICAS"])
	}
	for _, b := range brokers {
		if _, ok := c.Services[strings.Split(b, ":")[0]]; !ok {
			t.Errorf("KAFKA_BROKERS names %s, no such service", b)
		}
	}
	if raw.Kafka["KAFKA_MIN_INSYNC_REPLICAS"] != "2" || raw.Kafka["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] != "3" {
		t.Errorf("brokers: %v", raw.Kafka)
	}

	// remote_servers in the mounted config: the cluster the stages name,
	// every replica a service, each shard/replica pair once in the macros.
	var cfg struct {
		Remote struct {
			Clusters []struct {
				XMLName xml.Name
				Shards  []struct {
					Internal string `xml:"internal_replication"`
					Replicas []struct {
						Host string `xml:"host"`
					} `xml:"replica"`
				} `xml:"shard"`
			} `xml:",any"`
		} `xml:"remote_servers"`
	}
	x, err := os.ReadFile(filepath.Join(r, "scripts", "clickhouse", "cluster", "cluster.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(x, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Remote.Clusters) != 1 || cfg.Remote.Clusters[0].XMLName.Local != raw.Env["CLICKHOUSE_CLUSTER"] {
		t.Fatalf("remote_servers %+v, want one cluster named CLICKHOUSE_CLUSTER=%q", cfg.Remote.Clusters, raw.Env["CLICKHOUSE_CLUSTER"])
	}
	addrs := strings.Split(raw.Env["CLICKHOUSE_ADDR"], ",")
	macros := map[string]bool{}
	n := 0
	for _, sh := range cfg.Remote.Clusters[0].Shards {
		if sh.Internal != "true" {
			t.Errorf("shard without internal_replication: a Distributed insert would write every replica itself")
		}
		for _, rep := range sh.Replicas {
			n++
			s, ok := c.Services[rep.Host]
			if !ok {
				t.Errorf("replica %s is no service", rep.Host)
				continue
			}
			env := map[string]string{}
			for _, k := range []string{"CLICKHOUSE_SHARD", "CLICKHOUSE_REPLICA"} {
				if m, ok := s.Environment.(map[string]any); ok {
					env[k], _ = m[k].(string)
				}
			}
			key := env["CLICKHOUSE_SHARD"] + "/" + env["CLICKHOUSE_REPLICA"]
			if env["CLICKHOUSE_SHARD"] == "" || env["CLICKHOUSE_REPLICA"] == "" || macros[key] {
				t.Errorf("%s: macros %v missing or not unique", rep.Host, env)
			}
			macros[key] = true
			if !strings.Contains(raw.Env["CLICKHOUSE_ADDR"], rep.Host+":9000") {
				t.Errorf("CLICKHOUSE_ADDR %v lacks %s", addrs, rep.Host)
			}
		}
	}
	if len(cfg.Remote.Clusters[0].Shards) != 2 || n != 4 {
		t.Errorf("%d shards, %d replicas; want 2 x 2", len(cfg.Remote.Clusters[0].Shards), n)
	}

	// The profile: ClickHouse reads settings profiles from the users
	// configuration (users.xml and users.d), so a <profiles> in the
	// config.d file would be ignored without a word. Every replica mounts
	// a users.d file whose default profile reads in_order.
	var misplaced struct {
		Profiles *struct{} `xml:"profiles"`
		Users    *struct{} `xml:"users"`
	}
	if err := xml.Unmarshal(x, &misplaced); err != nil {
		t.Fatal(err)
	}
	if misplaced.Profiles != nil || misplaced.Users != nil {
		t.Errorf("cluster.xml (mounted in config.d) has <profiles> or <users>: the server ignores them there; put them in a users.d file")
	}
	for _, sh := range cfg.Remote.Clusters[0].Shards {
		for _, rep := range sh.Replicas {
			s, ok := c.Services[rep.Host]
			if !ok {
				continue
			}
			lb := ""
			for _, v := range s.Volumes {
				src, dst, _ := strings.Cut(strings.TrimSuffix(v, ":ro"), ":")
				if !strings.HasPrefix(dst, "/etc/clickhouse-server/users.d/") {
					continue
				}
				raw, err := os.ReadFile(filepath.Join(r, src))
				if err != nil {
					t.Errorf("%s mounts %s: %v", rep.Host, src, err)
					continue
				}
				var u struct {
					LoadBalancing string `xml:"profiles>default>load_balancing"`
				}
				if err := xml.Unmarshal(raw, &u); err != nil {
					t.Errorf("%s: %v", src, err)
				}
				if u.LoadBalancing != "" {
					lb = u.LoadBalancing
				}
			}
			if lb != "in_order" {
				t.Errorf("%s: no users.d profile with load_balancing in_order (got %q)", rep.Host, lb)
			}
		}
	}
}
