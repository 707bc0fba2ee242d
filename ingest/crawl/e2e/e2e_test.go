package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/crawl"
	"github.com/dealwatch/dealwatch/ingest/fetch"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%[1]s | Fixture Business</title>
<meta property="og:title" content="%[1]s"><meta property="article:published_time" content="%[2]s"></head>
<body><div class="cookie-consent">We use cookies. <button>OK</button></div>
<nav><a href="/">Home</a> <a href="/tech">Tech</a></nav>
<article><h1>%[1]s</h1><p class="byline">By Fixture Staff</p>%[3]s</article>
<aside class="related-stories"><h3>Related stories</h3><ul><li><a href="/x">Nvidia to invest $100 billion in OpenAI</a></li></ul></aside>
<footer>© Fixture Business</footer></body></html>`

func paras(ps ...string) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("<p>" + p + "</p>")
	}
	return b.String()
}

func site(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /drafts/\n")
	})
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Fixture Business</title>
<item><title>OpenAI and AWS</title><link>http://%[1]s/2025/11/openai-aws</link><pubDate>Mon, 03 Nov 2025 14:00:00 GMT</pubDate></item>
<item><title>Lambda and Microsoft</title><link>http://%[1]s/2025/11/lambda-microsoft?utm_source=rss</link><pubDate>Mon, 03 Nov 2025 18:00:00 GMT</pubDate></item>
<item><title>Draft</title><link>http://%[1]s/drafts/oracle</link></item>
<item><title>Football</title><link>http://%[1]s/sport/final</link></item>
</channel></rss>`, r.Host)
	})
	serve := func(path, title, date string, ps ...string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, page, title, date, paras(ps...))
		})
	}
	serve("/2025/11/openai-aws", "OpenAI commits $38 billion to Amazon Web Services", "2025-11-03T14:00:00Z",
		"OpenAI will spend $38 billion on cloud computing from Amazon Web Services over the next seven years, the two companies said on Monday, in a deal that gives the ChatGPT developer access to hundreds of thousands of Nvidia chips in Amazon data centers.",
		"The agreement is OpenAI's first large commitment to Amazon's cloud and adds to a string of infrastructure contracts the company has signed this year as it races to secure computing capacity.",
		"Amazon shares rose about 4% after the announcement.")
	serve("/2025/11/lambda-microsoft", "Microsoft signs multibillion-dollar GPU deal with Lambda", "2025-11-03T18:00:00Z",
		"Lambda said on Monday it had signed a multibillion-dollar agreement with Microsoft to deploy AI infrastructure powered by tens of thousands of Nvidia GPUs in its data centers.",
		"Lambda did not disclose the value or the length of the contract, which extends a relationship between the two companies that goes back several years.",
		"Microsoft has been renting computing capacity from outside suppliers as demand for its AI services outgrows its own data centers.")
	serve("/drafts/oracle", "Oracle to buy $40 billion of Nvidia chips", "2025-11-03T18:00:00Z",
		"Oracle will buy $40 billion of Nvidia chips for a data center that OpenAI will use, according to a draft that must never be crawled because robots.txt disallows it.")
	serve("/sport/final", "United win the cup final", "2025-11-03T18:00:00Z",
		strings.Repeat("United beat City two to one in the final on Saturday after a late goal, and their fans celebrated until the early hours of the morning. ", 5))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestCrawlToClickHouse: fixture site → crawler → Kafka (articles) →
// extractor workers → Kafka (events) → sink → ClickHouse.
func TestCrawlToClickHouse(t *testing.T) {
	cfg := bus.Config{Brokers: []string{testenv.Kafka(t)}, Partitions: 3, ReplicationFactor: 1, ClientID: "crawl-e2e"}
	engine := storetest.Server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	storetest.Migrated(t, engine)
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter); err != nil {
		t.Fatal(err)
	}
	srv := site(t)

	// Crawl once into Kafka.
	st, err := crawl.OpenState(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	c, err := crawl.New(crawl.Config{
		Sources:   []crawl.Source{{Name: "fixture-business", URL: srv.URL + "/rss", MaxAge: 100 * 365 * 24 * time.Hour}},
		Fetcher:   fetch.New(fetch.Config{AllowPrivate: true, HostRate: 1000, HostBurst: 10}),
		State:     st,
		Publisher: crawl.KafkaPublisher{W: w},
	})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := c.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Published != 2 {
		t.Fatalf("crawl published %d articles, want 2 (draft is disallowed, football off topic): %+v", stats.Published, stats)
	}
	openaiID := schemas.ArticleID(srv.URL + "/2025/11/openai-aws")
	lambdaID := schemas.ArticleID(srv.URL + "/2025/11/lambda-microsoft")

	// Extractor workers and the sink, each in a fresh consumer group (the
	// shared broker holds other tests' messages too: we look for ours).
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	suffix := schemas.HashID(srv.URL, time.Now().String())
	wk, err := worker.Open(cfg, "e2e-extract-"+suffix, x, worker.Options{Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	r := bus.NewReader(cfg, schemas.TopicEvents, "e2e-sink-"+suffix)
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	sink, err := store.NewSink(r, engine, dlq, store.SinkConfig{BatchSize: 50, BatchTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(ctx)
	done := make(chan error, 2)
	go func() { done <- wk.Run(rctx) }()
	go func() { done <- sink.Run(rctx) }()
	defer func() {
		stop()
		for range 2 {
			if err := <-done; err != nil && rctx.Err() == nil {
				t.Errorf("stage: %v", err)
			}
		}
		r.Close()
		dlq.Close()
	}()

	// Wait for our events in ClickHouse.
	q := fmt.Sprintf(`SELECT article_id, type, kind, party_ids, amount_value, article_source FROM events
		WHERE article_id IN ('%s', '%s') ORDER BY article_id, type`, openaiID, lambdaID)
	var rows []map[string]any
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := engine.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		rows = res.Maps()
		if hasCommitment(rows, openaiID, "openai", "amazon") && hasAny(rows, lambdaID) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("events in ClickHouse: %v", rows)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, row := range rows {
		if row["article_source"] != "fixture-business" {
			t.Errorf("event from %v, want source fixture-business", row["article_source"])
		}
	}
	t.Logf("events: %v", rows)
}

func hasAny(rows []map[string]any, id string) bool {
	for _, r := range rows {
		if r["article_id"] == id {
			return true
		}
	}
	return false
}

// hasCommitment looks for the $38 billion cloud commitment between a and b.
func hasCommitment(rows []map[string]any, id, a, b string) bool {
	for _, r := range rows {
		if r["article_id"] != id || r["type"] != schemas.TypeCommitment {
			continue
		}
		parties := fmt.Sprint(r["party_ids"])
		if strings.Contains(parties, a) && strings.Contains(parties, b) && r["amount_value"] == 38e9 {
			return true
		}
	}
	return false
}
