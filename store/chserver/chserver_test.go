package chserver

import (
	"context"
	"net"
	"testing"
	"time"
)

func TestOpenFailsFastOnClosedPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := Open(ctx, Config{Addr: addr, DialTimeout: time.Second}); err == nil {
		t.Fatal("Open on a closed port succeeded")
	}
	if _, err := Open(ctx, Config{}); err == nil {
		t.Fatal("Open without an address succeeded")
	}
	if _, err := Open(ctx, Config{Addr: addr, Database: "x; DROP"}); err == nil {
		t.Fatal("bad database name accepted")
	}
}
