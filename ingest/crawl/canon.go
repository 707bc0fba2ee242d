package crawl

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that only say where a reader came
// from; they are dropped from canonical URLs.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true,
	"ref": true, "ref_src": true, "ref_url": true, "referrer": true, "cmpid": true, "ocid": true, "smid": true,
	"sr_share": true, "taid": true, "guccounter": true, "guce_referrer": true, "guce_referrer_sig": true,
	"spm": true, "at_medium": true, "at_campaign": true, "ito": true, "mkt_tok": true, "oly_enc_id": true,
	"oly_anon_id": true, "vero_id": true, "rss": true, "cid": false,
}

// trackingPrefixes mark whole families of tracking parameters.
var trackingPrefixes = []string{"utm_", "ns_", "pk_", "mtm_", "hsa_"}

// Canonicalize normalises an article URL so that the same story reached
// through different links gets one id: lower-case scheme and host, no
// default port, no user info, no fragment, tracking parameters dropped,
// remaining query parameters sorted, empty path as "/". Only http and https
// URLs are accepted.
func Canonicalize(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical URL %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonical URL %q: scheme %q is not http(s)", raw, u.Scheme)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", fmt.Errorf("canonical URL %q: no host", raw)
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			lk := strings.ToLower(k)
			drop := trackingParams[lk]
			for _, p := range trackingPrefixes {
				if strings.HasPrefix(lk, p) {
					drop = true
				}
			}
			if drop {
				delete(q, k)
			}
		}
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var sb strings.Builder
		for _, k := range keys {
			for _, v := range q[k] {
				if sb.Len() > 0 {
					sb.WriteByte('&')
				}
				sb.WriteString(url.QueryEscape(k))
				if v != "" {
					sb.WriteByte('=')
					sb.WriteString(url.QueryEscape(v))
				}
			}
		}
		u.RawQuery = sb.String()
	}
	u.ForceQuery = false
	return u.String(), nil
}
