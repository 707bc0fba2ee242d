package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
)

// PartitionLag is one partition's position for a consumer group.
type PartitionLag struct {
	Partition int
	Start     int64 // log start offset
	End       int64 // next offset to be written (high watermark)
	Committed int64 // group's committed offset, -1 when none
	Lag       int64 // messages between the committed offset (or Start) and End
}

// GroupLag returns, for every partition of topic, how far group's committed
// offsets are behind the end of the log. A group with nothing committed lags
// by the whole partition. Lag 0 on every partition means the group has
// committed everything written so far.
//
// It opens connections of its own and closes them before it returns; a
// caller that asks again and again (a wait loop, a metrics gauge) keeps a
// LagReader instead.
func GroupLag(ctx context.Context, cfg Config, group, topic string) ([]PartitionLag, error) {
	l, err := NewLagReader(cfg)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	return l.GroupLag(ctx, group, topic)
}

// LagReader answers GroupLag over connections it keeps between calls:
// asked every few milliseconds, a new client per call dialled the brokers
// anew each time and left its idle connections open for half a minute.
// It is safe for concurrent use; Close it when done.
type LagReader struct {
	tr *kafka.Transport
	c  *kafka.Client
}

// NewLagReader returns a LagReader on cfg's brokers.
func NewLagReader(cfg Config) (*LagReader, error) {
	if len(cfg.Brokers) == 0 {
		return nil, ErrNoBrokers
	}
	tr := &kafka.Transport{ClientID: cfg.clientID()}
	return &LagReader{tr: tr, c: &kafka.Client{Addr: kafka.TCP(cfg.Brokers...), Timeout: 10 * time.Second, Transport: tr}}, nil
}

// Close closes the reader's connections.
func (l *LagReader) Close() { l.tr.CloseIdleConnections() }

// GroupLag is the package's GroupLag on the reader's connections.
func (l *LagReader) GroupLag(ctx context.Context, group, topic string) ([]PartitionLag, error) {
	c := l.c
	meta, err := c.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("bus: lag of %s/%s: metadata: %w", group, topic, err)
	}
	var parts []int
	for _, t := range meta.Topics {
		if t.Name != topic {
			continue
		}
		if t.Error != nil {
			return nil, fmt.Errorf("bus: lag of %s/%s: %w", group, topic, t.Error)
		}
		for _, p := range t.Partitions {
			parts = append(parts, p.ID)
		}
	}
	reqs := make([]kafka.OffsetRequest, 0, 2*len(parts))
	for _, p := range parts {
		reqs = append(reqs, kafka.FirstOffsetOf(p), kafka.LastOffsetOf(p))
	}
	offs, err := c.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{topic: reqs}})
	if err != nil {
		return nil, fmt.Errorf("bus: lag of %s/%s: list offsets: %w", group, topic, err)
	}
	com, err := c.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{topic: parts}})
	if err != nil {
		return nil, fmt.Errorf("bus: lag of %s/%s: offset fetch: %w", group, topic, err)
	}
	// Apache Kafka answers an unknown group with offset -1 per partition;
	// kfake answers GROUP_ID_NOT_FOUND. Both mean "nothing committed".
	if com.Error != nil && !errors.Is(com.Error, kafka.GroupIdNotFound) {
		return nil, fmt.Errorf("bus: lag of %s/%s: offset fetch: %w", group, topic, com.Error)
	}
	committed := map[int]int64{}
	for _, p := range com.Topics[topic] {
		if p.Error != nil {
			return nil, fmt.Errorf("bus: lag of %s/%s/%d: %w", group, topic, p.Partition, p.Error)
		}
		committed[p.Partition] = p.CommittedOffset
	}
	out := make([]PartitionLag, 0, len(parts))
	for _, po := range offs.Topics[topic] {
		if po.Error != nil {
			return nil, fmt.Errorf("bus: lag of %s/%s/%d: %w", group, topic, po.Partition, po.Error)
		}
		pl := PartitionLag{Partition: po.Partition, Start: po.FirstOffset, End: po.LastOffset, Committed: -1}
		if c, ok := committed[po.Partition]; ok {
			pl.Committed = c
		}
		from := max(pl.Committed, pl.Start)
		pl.Lag = max(pl.End-from, 0)
		out = append(out, pl)
	}
	return out, nil
}

// TotalLag sums the lag over partitions.
func TotalLag(ls []PartitionLag) int64 {
	var n int64
	for _, l := range ls {
		n += l.Lag
	}
	return n
}

// DeleteTopics deletes topics (benchmarks and tests clean up with it).
// Topics that do not exist are ignored.
func DeleteTopics(ctx context.Context, cfg Config, topics ...string) error {
	if len(cfg.Brokers) == 0 {
		return ErrNoBrokers
	}
	c := &kafka.Client{Addr: kafka.TCP(cfg.Brokers...), Timeout: 30 * time.Second,
		Transport: &kafka.Transport{ClientID: cfg.clientID()}}
	res, err := c.DeleteTopics(ctx, &kafka.DeleteTopicsRequest{Topics: topics})
	if err != nil {
		return fmt.Errorf("bus: delete topics %v: %w", topics, err)
	}
	var errs []error
	for t, e := range res.Errors {
		if e != nil && !errors.Is(e, kafka.UnknownTopicOrPartition) {
			errs = append(errs, fmt.Errorf("bus: delete topic %s: %w", t, e))
		}
	}
	return errors.Join(errs...)
}
