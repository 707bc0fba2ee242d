// Package embedded runs an in-process Kafka-protocol broker (kfake from
// github.com/twmb/franz-go/pkg/kfake) for `dealwatch run` without
// configuration and for fast tests.
//
// kfake speaks the Kafka wire protocol, so the stages talk to it through
// segmentio/kafka-go exactly as they talk to Apache Kafka: consumer groups,
// CreateTopics on the controller, zstd batches and acks=all all work
// unchanged. With a data directory (kfake.DataDir) the broker persists
// topics, records and committed group offsets there and reloads them on the
// next start; without SyncWrites, like Apache Kafka's defaults, records are
// flushed on segment roll and on Close, so a kill -9 can lose the newest
// ones (an orderly shutdown, SIGTERM included, loses nothing).
//
// Differences from Apache Kafka that dealwatch meets, checked against
// kfake's source:
//   - OffsetFetch for a group that never committed answers GROUP_ID_NOT_FOUND
//     (kfake groups.go, handleOffsetFetch) where Kafka answers offset -1 per
//     partition; bus.GroupLag treats both as "nothing committed".
//   - kfake listens on every interface by default; Start binds 127.0.0.1.
//
// Consumer groups (kafka-go's classic JoinGroup/SyncGroup protocol with
// several members), CreateTopics/DeleteTopics through the controller, zstd
// batches and acks=all behave as on Kafka; the tests in ingest/bus,
// extract/worker and cmd/dealwatch exercise them on both.
package embedded

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Options configure the broker.
type Options struct {
	// Addr is the loopback host:port to listen on; "" or port 0 picks a free port.
	Addr string
	// DataDir persists the log and group offsets when set; "" keeps everything in memory.
	DataDir string
	// Log receives the broker's warnings and errors; nil discards them.
	Log *slog.Logger
}

// Broker is a running in-process broker.
type Broker struct {
	c *kfake.Cluster
}

// Start starts a single-broker cluster. Topics are not created automatically:
// callers use bus.EnsureTopics as with a real cluster.
func Start(opts Options) (*Broker, error) {
	port := 0
	if opts.Addr != "" {
		_, p, err := net.SplitHostPort(opts.Addr)
		if err != nil {
			return nil, fmt.Errorf("embedded kafka: address %q: %w", opts.Addr, err)
		}
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("embedded kafka: port %q: %w", p, err)
		}
	}
	kopts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.ClusterID("dealwatch-embedded"),
		kfake.ListenFn(func(network, _ string) (net.Listener, error) {
			// kfake listens on all interfaces by default; the embedded
			// broker is for this machine only.
			return net.Listen(network, net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		}),
		kfake.GroupMinSessionTimeout(0),
	}
	if opts.DataDir != "" {
		kopts = append(kopts, kfake.DataDir(opts.DataDir))
	}
	if opts.Log != nil {
		kopts = append(kopts, kfake.WithLogger(logger{opts.Log}))
	}
	c, err := kfake.NewCluster(kopts...)
	if err != nil {
		return nil, fmt.Errorf("embedded kafka: %w", err)
	}
	return &Broker{c: c}, nil
}

// Addrs returns the broker's host:port list for bus.Config.Brokers.
func (b *Broker) Addrs() []string { return b.c.ListenAddrs() }

// Close stops the broker, writing its state to the data directory if it has one.
func (b *Broker) Close() { b.c.Close() }

// Run keeps the broker up until ctx ends, then closes it.
func (b *Broker) Run(ctx context.Context) error {
	<-ctx.Done()
	b.Close()
	return nil
}

type logger struct{ l *slog.Logger }

func (l logger) Logf(level kfake.LogLevel, msg string, args ...any) {
	var sl slog.Level
	switch level {
	case kfake.LogLevelError:
		sl = slog.LevelError
	case kfake.LogLevelWarn:
		sl = slog.LevelWarn
	default:
		return
	}
	l.l.Log(context.Background(), sl, "kfake: "+fmt.Sprintf(msg, args...))
}
