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
	"mime"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// AddrFile is the file, in the data directory, where a process holding the
// chDB session (`dealwatch sink` on chDB) writes the address and token of
// its query endpoint.
const AddrFile = "run.addr"

type queryRequest struct {
	Query string `json:"query"`
	Args  []any  `json:"args,omitempty"`
}

type errorReply struct {
	Error string `json:"error"`
}

// NewToken returns a fresh random bearer token for a query endpoint.
func NewToken() (string, error) {
	var tok [32]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	return hex.EncodeToString(tok[:]), nil
}

// QueryHandler serves queries through q, the read-only path of an engine:
// POST /query with {"query": "...", "args": [...]} answers the Result as
// JSON; GET /health answers "ok" (under whatever prefix it is mounted).
//
// Every request must carry `Authorization: Bearer <token>` (token must not
// be empty). Requests a browser makes are refused before anything else: a
// web page the analyst visits could otherwise reach this loopback port, so
// any request with an Origin or Sec-Fetch-Site header is refused (403), and
// a query must come as Content-Type application/json (415 otherwise),
// which a page cannot send cross-origin without a preflight this server
// never answers. Refused statements answer 403, failed queries 422.
func QueryHandler(q *ReadOnlyQuerier, token string, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	guard := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Site") != "" {
				reply(w, http.StatusForbidden, errorReply{"browser requests are refused"})
				return
			}
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if token == "" || !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				w.Header().Set("WWW-Authenticate", "Bearer")
				reply(w, http.StatusUnauthorized, errorReply{"missing or bad bearer token"})
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("GET /health", guard(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok\n")
	}))
	mux.HandleFunc("POST /query", guard(func(w http.ResponseWriter, r *http.Request) {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			reply(w, http.StatusUnsupportedMediaType, errorReply{"the body must be application/json"})
			return
		}
		var req queryRequest
		dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
		dec.UseNumber()
		if err := dec.Decode(&req); err != nil {
			reply(w, http.StatusBadRequest, errorReply{"bad request: " + err.Error()})
			return
		}
		args := make([]any, len(req.Args))
		for i, a := range req.Args {
			args[i] = jsonArg(a)
		}
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Minute)
		defer cancel()
		res, err := q.Query(ctx, req.Query, args...)
		switch {
		case errors.Is(err, ErrReadOnly):
			log.Warn("query refused", "err", err)
			reply(w, http.StatusForbidden, errorReply{err.Error()})
			return
		case err != nil:
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
	req.Header.Set("Authorization", "Bearer "+c.Token)
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

// ServeQueries serves the read-only path of e on a free loopback port
// until ctx ends, with the address and a fresh token in dataDir/run.addr
// (mode 0600), which it removes on return.
func ServeQueries(ctx context.Context, e Engine, dataDir string, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ro, err := NewReadOnly(e)
	if err != nil {
		return err
	}
	token, err := NewToken()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("store: query endpoint: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		ln.Close()
		return fmt.Errorf("store: query endpoint: %w", err)
	}
	path := filepath.Join(dataDir, AddrFile)
	if err := WriteSecretFile(path, []byte("http://"+ln.Addr().String()+" "+token+"\n")); err != nil {
		ln.Close()
		return fmt.Errorf("store: query endpoint: %w", err)
	}
	defer os.Remove(path)
	srv := &http.Server{Handler: QueryHandler(ro, token, log), ReadHeaderTimeout: 10 * time.Second}
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

// WriteSecretFile replaces path with data, readable by the owner only
// (mode 0600 whatever the file or a leftover temporary had before).
func WriteSecretFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// RunInfoFile is the file `dealwatch run` writes in the data directory
// (mode 0600); its query_url and query_token name the endpoint MountQuery
// serves on run's HTTP server.
const RunInfoFile = "run.json"

// MountQuery serves the read-only path of e on mux at POST /query, for a
// process that already has a loopback HTTP server, and returns the path.
// Requests must carry token (NewToken) as a bearer token.
func MountQuery(mux *http.ServeMux, e Engine, token string, log *slog.Logger) (string, error) {
	ro, err := NewReadOnly(e)
	if err != nil {
		return "", err
	}
	if token == "" {
		return "", errors.New("store: query endpoint without a token")
	}
	mux.Handle("POST /query", QueryHandler(ro, token, log))
	return "/query", nil
}

// EndpointClient returns a client for the query endpoint of the process
// holding the chDB session in dataDir, if there is one and it answers:
// dataDir/run.addr (ServeQueries) or the query_url and query_token of
// dataDir/run.json (`dealwatch run`).
func EndpointClient(ctx context.Context, dataDir string) (*Client, bool) {
	var cands []*Client
	if raw, err := os.ReadFile(filepath.Join(dataDir, AddrFile)); err == nil {
		if f := strings.Fields(string(raw)); len(f) == 2 {
			cands = append(cands, &Client{URL: f[0], Token: f[1]})
		}
	}
	if raw, err := os.ReadFile(filepath.Join(dataDir, RunInfoFile)); err == nil {
		var info struct {
			QueryURL   string `json:"query_url"`
			QueryToken string `json:"query_token"`
		}
		if json.Unmarshal(raw, &info) == nil && strings.HasSuffix(info.QueryURL, "/query") && info.QueryToken != "" {
			cands = append(cands, &Client{URL: strings.TrimSuffix(info.QueryURL, "/query"), Token: info.QueryToken})
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
