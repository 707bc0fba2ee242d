package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrBlockedAddress is returned when a connection would go to a private,
// loopback, link-local, cloud-metadata or otherwise non-public address.
var ErrBlockedAddress = errors.New("fetch: address not allowed")

// blockedPrefixes are the networks the crawler does not connect to unless
// configured to (AddrPolicy): they reach the crawler's own host, its LAN or the cloud
// provider's metadata service rather than the public web.
var blockedPrefixes = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this" network
		"10.0.0.0/8",      // private
		"100.64.0.0/10",   // carrier-grade NAT (Alibaba metadata 100.100.100.200)
		"127.0.0.0/8",     // loopback
		"169.254.0.0/16",  // link-local (AWS/GCP/Azure metadata 169.254.169.254)
		"172.16.0.0/12",   // private
		"192.0.0.0/24",    // IETF protocol assignments (Oracle metadata 192.0.0.192)
		"192.0.2.0/24",    // documentation
		"192.168.0.0/16",  // private
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"224.0.0.0/4",     // multicast
		"240.0.0.0/4",     // reserved, broadcast
		"::/128",          // unspecified
		"::1/128",         // loopback
		"64:ff9b:1::/48",  // local-use NAT64
		"100::/64",        // discard
		"2001:db8::/32",   // documentation
		"fc00::/7",        // unique local (AWS IPv6 metadata fd00:ec2::254)
		"fe80::/10",       // link-local
		"ff00::/8",        // multicast
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// neverPrefixes stay refused whatever is allowed: link-local networks and
// the cloud providers' metadata services, which hand out credentials to
// whoever asks from the host.
var neverPrefixes = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"169.254.0.0/16",     // link-local (AWS/GCP/Azure/OpenStack metadata 169.254.169.254)
		"fe80::/10",          // link-local
		"fd00:ec2::254/128",  // AWS IPv6 metadata
		"100.100.100.200/32", // Alibaba Cloud metadata
		"192.0.0.192/32",     // Oracle Cloud metadata
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// nat64 is the well-known NAT64 prefix: its last 32 bits are an IPv4
// address a NAT64 gateway connects to.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// MetadataAddr reports whether ip is link-local or a cloud metadata
// address (also as an IPv4-mapped or NAT64 address): never connected to.
func MetadataAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	for _, p := range neverPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// AddrPolicy returns the check every connection of the fetcher passes:
// public addresses; loopback too with allowLoopback; and the networks in
// allow. Link-local and metadata addresses (MetadataAddr) are refused even
// when allow lists them.
func AddrPolicy(allowLoopback bool, allow []netip.Prefix) func(netip.Addr) bool {
	return func(ip netip.Addr) bool {
		ip = ip.Unmap()
		if !ip.IsValid() || MetadataAddr(ip) {
			return false
		}
		if PublicAddr(ip) || (allowLoopback && ip.IsLoopback()) {
			return true
		}
		for _, p := range allow {
			if p.Contains(ip) {
				return true
			}
		}
		return false
	}
}

// PublicAddr reports whether ip is a public address (the crawler may
// connect to it without configuration).
func PublicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return false
	}
	if MetadataAddr(ip) {
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// dialControl returns a net.Dialer Control func. It runs after DNS
// resolution, right before each connect, so it sees the address actually
// dialled: this covers DNS rebinding and every redirect hop.
func dialControl(ok func(netip.Addr) bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		return checkDial(ok, address)
	}
}

func checkDial(ok func(netip.Addr) bool, address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %q: %v", ErrBlockedAddress, address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %q is not an IP address", ErrBlockedAddress, host)
	}
	if !ok(ip) {
		return fmt.Errorf("%w: %s is not a public address", ErrBlockedAddress, ip)
	}
	return nil
}
