package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/ingest/fetch"
	"github.com/dealwatch/dealwatch/ingest/reader"
)

// readOutput is what the pipeline sees for one input: one JSON object per
// input on stdout.
type readOutput struct {
	File         string     `json:"file,omitempty"`
	URL          string     `json:"url,omitempty"`
	Title        string     `json:"title"`
	Text         string     `json:"text"`
	PublishedAt  *time.Time `json:"published_at"`
	CanonicalURL string     `json:"canonical_url"`
	SiteName     string     `json:"site_name"`
	Language     string     `json:"language"`
}

// pageAccept is the Accept header of article fetches, the crawler's.
const pageAccept = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5"

// runRead prints the article text and metadata the reader finds in files,
// stdin ("-") or URLs. URLs go through the crawler's fetcher: robots.txt,
// rate limits, public addresses only (unless --allow-private/--allow-addr).
func runRead(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "read")
	allowPrivate := fs.Bool("allow-private", false, "allow loopback addresses (127.0.0.0/8, ::1; testing only)")
	var allowAddrs []netip.Prefix
	fs.Func("allow-addr", "also allow this non-public network, e.g. 10.1.0.0/16 or 127.0.0.1/32 (repeatable)", func(s string) error {
		p, err := parseAddrPrefix(s)
		if err != nil {
			return err
		}
		allowAddrs = append(allowAddrs, p)
		return nil
	})
	userAgent := fs.String("user-agent", fetch.DefaultUserAgent, "User-Agent header")
	timeout := fs.Duration("timeout", 30*time.Second, "timeout of one request, body included")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no file or URL given", errUsage)
	}
	var f *fetch.Fetcher
	enc := json.NewEncoder(env.stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, in := range fs.Args() {
		var out readOutput
		var err error
		if isURL(in) {
			if f == nil {
				f = fetch.New(fetch.Config{UserAgent: *userAgent, Timeout: *timeout, MaxBody: reader.MaxInput,
					AllowPrivate: *allowPrivate, AllowAddrs: allowAddrs, Log: env.log})
				defer f.Close()
			}
			out, err = readURL(ctx, f, in)
		} else {
			out, err = readFile(env, in)
		}
		if err != nil {
			env.log.Error("unreadable input", "input", in, "err", err)
			failed++
			continue
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs could not be read (see log)", failed, fs.NArg())
	}
	return nil
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func readFile(env *cliEnv, path string) (readOutput, error) {
	var r io.Reader = env.stdin
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return readOutput{}, err
		}
		defer fh.Close()
		r = fh
	}
	raw, err := io.ReadAll(io.LimitReader(r, reader.MaxInput+1))
	if err != nil {
		return readOutput{}, err
	}
	p, err := reader.Read(path, raw)
	if err != nil {
		return readOutput{}, err
	}
	return pageOutput(readOutput{File: path}, p), nil
}

// readURL fetches and reads a page as the crawler does.
func readURL(ctx context.Context, f *fetch.Fetcher, u string) (readOutput, error) {
	resp, err := f.Fetch(ctx, fetch.Request{URL: u, Accept: pageAccept})
	if err != nil {
		return readOutput{}, err
	}
	if ct := strings.ToLower(resp.ContentType); ct != "" && !strings.Contains(ct, "html") && !strings.HasPrefix(ct, "text/plain") {
		return readOutput{}, fmt.Errorf("%s: content type %q is not an article", resp.URL, resp.ContentType)
	}
	p, err := reader.ReadHTTP(resp.Body, resp.URL, resp.ContentType)
	if err != nil {
		return readOutput{}, err
	}
	return pageOutput(readOutput{URL: resp.URL}, p), nil
}

func pageOutput(out readOutput, p reader.Page) readOutput {
	out.Title, out.Text, out.PublishedAt = p.Title, p.Text, p.PublishedAt
	out.CanonicalURL, out.SiteName, out.Language = p.CanonicalURL, p.SiteName, p.Language
	return out
}
