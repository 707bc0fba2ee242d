package crawl

import "testing"

func TestCanonicalize(t *testing.T) {
	for in, want := range map[string]string{
		"HTTPS://News.Example.COM:443/a/b?utm_source=rss&utm_medium=feed&id=7#comments": "https://news.example.com/a/b?id=7",
		"http://example.com":                           "http://example.com/",
		"http://example.com:80/x?b=2&a=1&fbclid=zz":    "http://example.com/x?a=1&b=2",
		"https://u:p@example.com/x?gclid=1&ref=tw":     "https://example.com/x",
		"https://example.com:8443/x?":                  "https://example.com:8443/x",
		"https://example.com/story?Utm_Campaign=x&p=1": "https://example.com/story?p=1",
	} {
		got, err := Canonicalize(in)
		if err != nil || got != want {
			t.Errorf("Canonicalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"ftp://example.com/x", "javascript:alert(1)", "/relative", "mailto:a@b.c", "http://"} {
		if got, err := Canonicalize(bad); err == nil {
			t.Errorf("Canonicalize(%q) = %q, want error", bad, got)
		}
	}
}

func TestRelevance(t *testing.T) {
	r := NewRelevance([]string{"Quantara"})
	for _, c := range []struct {
		title, text string
		want        bool
	}{
		{"OpenAI signs cloud deal", "", true},
		{"Company news", "The firm will rent Nvidia GPUs in a new data center.", true},
		{"Quarterly results", "Microsoft and Amazon reported results. Their AI and cloud units grew.", true},
		{"Local team wins cup", "The match ended 2-1 after extra time. Fans celebrated in the streets.", false},
		{"Apple unveils a new phone", "The phone has a better camera and a bigger battery.", false},
		{"Weather", "Cloud cover and rain are expected tomorrow, with chips of ice on the roads.", false},
		{"Quantara expands", "", true},
		{"Said words", "We said AI once.", false},
		{"Grid news", "A new datacentre near Leeds will run large language models.", true},
		{"Orders", "The lab ordered MI300X parts and more GPUs.", true},
		{"Injury", "He hurt his arm; the meta of the game and the cloud cover changed. The apple fell.", false},
		{"Arm and Meta", "Arm and Meta and Microsoft talked about AI.", true},
	} {
		if got, hits := r.Match(c.title, c.text); got != c.want {
			t.Errorf("Match(%q, %q) = %v (%v), want %v", c.title, c.text, got, hits, c.want)
		}
	}
}
