package description

import (
	"net"
	"strings"
)

// DefaultPort is the port of an address given without one.
const DefaultPort = "27017"

// NormalizeAddr returns the canonical form of a server address, the form
// descriptions use for Addr, Me, Primary and the host lists, so that
// addresses compare as strings: the host name in lower case (DNS names are
// case-insensitive, RFC 4343), the default port added when missing, IPv6
// literals in brackets ("[::1]:27017"). A Unix socket path (ending in
// ".sock" or starting with "/") is returned unchanged, since paths are case
// sensitive.
func NormalizeAddr(addr string) string {
	if strings.HasSuffix(addr, ".sock") || strings.HasPrefix(addr, "/") {
		return addr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		// No port, or an unbracketed IPv6 literal: the whole string is the host.
		host, port = strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]"), DefaultPort
	}
	if port == "" {
		port = DefaultPort
	}
	return net.JoinHostPort(lowerASCII(host), port)
}

// lowerASCII lower-cases ASCII letters only, without allocating when s is
// already lower case. Host names are ASCII (IDNs travel as punycode).
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + ('a' - 'A')
				}
			}
			return string(b)
		}
	}
	return s
}
