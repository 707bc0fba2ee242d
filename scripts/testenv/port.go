package testenv

import (
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

// EphemeralRangeFile is where Linux keeps the range of local ports it hands
// to outgoing connections.
const EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range"

// lowestStablePort is the bottom of the range RestartableAddr picks from.
const lowestStablePort = 10000

// EphemeralStart returns the first port of the kernel's ephemeral range,
// read from path (EphemeralRangeFile), or 32768, the Linux default, when the
// file cannot be read or parsed, or leaves fewer than 1,000 ports below it
// from lowestStablePort (as scripts/services.sh's free_port does).
func EphemeralStart(path string) int {
	const linuxDefault = 32768
	raw, err := os.ReadFile(path)
	if err != nil {
		return linuxDefault
	}
	fields := strings.Fields(string(raw))
	if len(fields) != 2 {
		return linuxDefault
	}
	lo, err := strconv.Atoi(fields[0])
	if err != nil || lo < lowestStablePort+1000 || lo > 65535 {
		return linuxDefault
	}
	return lo
}

// RestartableAddr returns a free loopback address (127.0.0.1:port) for a
// process the test kills and starts again on the same address. The port lies
// below the kernel's ephemeral range: a port from that range (as
// 127.0.0.1:0 gives) can be taken, while the process is down, as the local
// port of any outgoing connection on the machine, and the restarted process
// then cannot bind it.
func RestartableAddr(t testing.TB) string {
	t.Helper()
	hi := EphemeralStart(EphemeralRangeFile)
	for range 200 {
		port := lowestStablePort + rand.IntN(hi-lowestStablePort)
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			continue
		}
		addr := ln.Addr().String()
		if err := ln.Close(); err != nil {
			t.Fatalf("testenv: close probe listener: %v", err)
		}
		return addr
	}
	t.Fatalf("testenv: no free loopback port in [%d, %d)", lowestStablePort, hi)
	return ""
}
