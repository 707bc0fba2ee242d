package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// AddrFile is the file, in the data directory, where a process holding the
// chDB session (`dealwatch run`, or `dealwatch sink` on chDB) writes the
// address and token of its query endpoint.
const AddrFile = "run.addr"

// TokenHeader carries the endpoint's token.
const TokenHeader = "X-Dealwatch-Token"

type queryRequest struct {
	Query string `json:"query"`
	Args  []any  `json:"args,omitempty"`
}

type errorReply struct {
	Error string `json:"error"`
}

// QueryHandler serves read-only queries on q: POST /query with
// {"query": "...", "args": [...]} answers the Result as JSON; GET /health
// answers "ok" (under whatever prefix it is mounted). Anything but one SELECT/WITH/SHOW/DESCRIBE/EXPLAIN/EXISTS
// statement is refused with 403. When token is not empty, requests must
// carry it in TokenHeader.
func QueryHandler(q Querier, token string, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	auth := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get(TokenHeader)), []byte(token)) != 1 {
				reply(w, http.StatusUnauthorized, errorReply{"bad token"})
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("GET /health", auth(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok\n")
	}))
	mux.HandleFunc("POST /query", auth(func(w http.ResponseWriter, r *http.Request) {
		var req queryRequest
		dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
		dec.UseNumber()
		if err := dec.Decode(&req); err != nil {
			reply(w, http.StatusBadRequest, errorReply{"bad request: " + err.Error()})
			return
		}
		if err := CheckReadOnly(req.Query); err != nil {
			reply(w, http.StatusForbidden, errorReply{err.Error()})
			return
		}
		args := make([]any, len(req.Args))
		for i, a := range req.Args {
			args[i] = jsonArg(a)
		}
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Minute)
		defer cancel()
		res, err := q.Query(ctx, req.Query, args...)
		if err != nil {
			log.Info("query failed", "err", err)
			reply(w, http.StatusUnprocessableEntity, errorReply{err.Error()})
			return
		}
		reply(w, http.StatusOK, res)
	}))
	return mux
}

// jsonArg turns a JSON-decoded argument into a bindable value.
func jsonArg(a any) any {
	switch x := a.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonArg(e)
		}
		return out
	}
	return a
}

func reply(w http.ResponseWriter, status int, v any) {
	raw, err := json.Marshal(v)
	if err != nil { // e.g. a NaN in a result
		status = http.StatusInternalServerError
		raw, _ = json.Marshal(errorReply{"encode result: " + err.Error()})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

// Client queries a QueryHandler; it implements Querier.
type Client struct {
	URL   string // http://host:port
	Token string
	HTTP  *http.Client
}

// ErrEndpoint wraps failures to reach the endpoint (as opposed to a query
// the endpoint refused or that failed).
var ErrEndpoint = errors.New("store: query endpoint unreachable")

// Query implements Querier.
func (c *Client) Query(ctx context.Context, query string, args ...any) (*Result, error) {
	body, err := json.Marshal(queryRequest{Query: query, Args: args})
	if err != nil {
		return nil, fmt.Errorf("store: encode query: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/query", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(TokenHeader, c.Token)
	resp, err := c.client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEndpoint, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEndpoint, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e errorReply
		if json.Unmarshal(raw, &e) == nil && e.Error != "" {
			if resp.StatusCode == http.StatusForbidden {
				return nil, fmt.Errorf("%w (%s)", ErrReadOnly, e.Error)
			}
			return nil, errors.New(e.Error)
		}
		return nil, fmt.Errorf("store: query endpoint: %s", resp.Status)
	}
	return DecodeResultJSON(raw)
}

// Ping checks the endpoint answers a query.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.Query(ctx, "SELECT 1")
	return err
}

func (c *Client) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

// ServeQueries serves QueryHandler(q) on a free loopback port until ctx
// ends, with the address and a fresh token in dataDir/run.addr (mode 0600),
// which it removes on return.
func ServeQueries(ctx context.Context, q Querier, dataDir string, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("store: query endpoint: %w", err)
	}
	var tok [16]byte
	if _, err := rand.Read(tok[:]); err != nil {
		ln.Close()
		return err
	}
	token := hex.EncodeToString(tok[:])
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		ln.Close()
		return fmt.Errorf("store: query endpoint: %w", err)
	}
	path := filepath.Join(dataDir, AddrFile)
	if err := writeFileAtomic(path, []byte("http://"+ln.Addr().String()+" "+token+"\n")); err != nil {
		ln.Close()
		return fmt.Errorf("store: query endpoint: %w", err)
	}
	defer os.Remove(path)
	srv := &http.Server{Handler: QueryHandler(q, token, log), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("query endpoint", "addr", ln.Addr().String(), "file", path)
	select {
	case err := <-errc:
		return fmt.Errorf("store: query endpoint: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return nil
}

func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// RunInfoFile is the file `dealwatch run` writes in the data directory;
// its query_url names the endpoint MountQuery serves on run's HTTP server.
const RunInfoFile = "run.json"

// MountQuery serves QueryHandler(q, "", log) on mux at POST /query (for a
// process that already has a loopback HTTP server) and returns the path.
func MountQuery(mux *http.ServeMux, q Querier, log *slog.Logger) string {
	mux.Handle("POST /query", QueryHandler(q, "", log))
	return "/query"
}

// EndpointClient returns a client for the query endpoint of the process
// holding the chDB session in dataDir, if there is one and it answers:
// dataDir/run.addr (ServeQueries) or the query_url of dataDir/run.json
// (`dealwatch run`).
func EndpointClient(ctx context.Context, dataDir string) (*Client, bool) {
	var cands []*Client
	if raw, err := os.ReadFile(filepath.Join(dataDir, AddrFile)); err == nil {
		if f := strings.Fields(string(raw)); len(f) == 2 {
			cands = append(cands, &Client{URL: f[0], Token: f[1]})
		}
	}
	if raw, err := os.ReadFile(filepath.Join(dataDir, RunInfoFile)); err == nil {
		var info struct {
			QueryURL string `json:"query_url"`
		}
		if json.Unmarshal(raw, &info) == nil && strings.HasSuffix(info.QueryURL, "/query") {
			cands = append(cands, &Client{URL: strings.TrimSuffix(info.QueryURL, "/query")})
		}
	}
	for _, c := range cands {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := c.Ping(pctx)
		cancel()
		if err == nil {
			return c, true
		}
	}
	return nil, false
}
