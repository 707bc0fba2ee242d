package bus_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
)

// BenchmarkWrite measures acknowledged writes (acks=all, zstd) of three
// keyed 1 KiB messages per call on the embedded broker, from one caller and
// from 16 concurrent callers sharing one writer (as the extract worker's
// handlers do).
func BenchmarkWrite(b *testing.B) {
	value := make([]byte, 1024)
	for i := range value {
		value[i] = byte('a' + i%26)
	}
	msgs := func(i int) []kafka.Message {
		out := make([]kafka.Message, 3)
		for j := range out {
			out[j] = kafka.Message{Key: []byte(strconv.Itoa(3*i + j)), Value: value}
		}
		return out
	}
	for _, c := range []struct {
		name    string
		callers int
	}{{"serial", 1}, {"16callers", 16}} {
		b.Run(c.name, func(b *testing.B) {
			cfg := startBroker(b, "")
			if err := bus.EnsureTopics(ctxT(b), cfg, "bench.v1"); err != nil {
				b.Fatal(err)
			}
			w := bus.NewWriter(cfg, "bench.v1")
			defer w.Close()
			ctx := ctxT(b)
			b.ResetTimer()
			var wg sync.WaitGroup
			for k := range c.callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := k; i < b.N; i += c.callers {
						if err := w.WriteMessages(ctx, msgs(i)...); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
		})
	}
}
