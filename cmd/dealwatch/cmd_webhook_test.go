package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

func TestWebhookListen(t *testing.T) {
	addr := testenv.RestartableAddr(t)
	secret := "s3cret"
	t.Setenv("ALERT_WEBHOOK_SECRET", secret)
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- realMain([]string{"webhook-listen", "-addr", addr, "-n", "2"}, nil, &out, &errb) }()

	post := func(body, key, sig string) int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", strings.NewReader(body))
		req.Header.Set(alert.HeaderSignature, sig)
		req.Header.Set(alert.HeaderIdempotencyKey, key)
		req.Header.Set(alert.HeaderAlertKind, "new_deal")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return -1
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	first := `{"text":"OpenAI commits $38 billion to Amazon"}`
	deadline := time.Now().Add(10 * time.Second)
	for post(first, "k1", alert.Sign([]byte(secret), []byte(first), time.Now())) != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("the listener did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := post(first, "k1", alert.Sign([]byte(secret), []byte(first), time.Now())); code != http.StatusOK {
		t.Errorf("redelivery: %d", code)
	}
	forged := `{"text":"forged"}`
	if code := post(forged, "k2", alert.Sign([]byte("wrong"), []byte(forged), time.Now())); code != http.StatusUnauthorized {
		t.Errorf("bad signature: %d, want 401", code)
	}
	second := `{"text":"Google invests in Anthropic"}`
	if code := post(second, "k3", alert.Sign([]byte(secret), []byte(second), time.Now())); code != http.StatusOK {
		t.Errorf("second alert: %d", code)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("webhook-listen -n 2 did not exit after two alerts")
	}
	want := "alert 1 (new_deal): OpenAI commits $38 billion to Amazon\nalert 2 (new_deal): Google invests in Anthropic\n"
	if out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}
