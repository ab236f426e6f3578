package connstring

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
)

// Resolver is the DNS used for mongodb+srv URIs. *net.Resolver satisfies it.
// LookupTXT must return one string per TXT record, the record's
// character-strings already joined in order (as *net.Resolver does).
type Resolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
	LookupTXT(ctx context.Context, name string) ([]string, error)
}

// DefaultSRVServiceName is the SRV service used when srvServiceName is unset.
const DefaultSRVServiceName = "mongodb"

// ParseAndResolve is Parse followed, for a mongodb+srv URI, by ResolveSRV with
// r (nil means net.DefaultResolver).
func ParseAndResolve(ctx context.Context, uri string, r Resolver) (*Config, error) {
	c, err := Parse(uri)
	if err != nil {
		return nil, err
	}
	if c.SRVHost != "" {
		if err := c.ResolveSRV(ctx, r); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// ResolveSRV looks up the SRV and TXT records of c.SRVHost and fills Hosts
// (a random srvMaxHosts of them when that is set). The TXT record may set
// authSource, replicaSet and loadBalanced where the Config leaves them unset.
// It then runs Validate. On error c is unchanged. r nil means
// net.DefaultResolver.
func (c *Config) ResolveSRV(ctx context.Context, r Resolver) error {
	if c.SRVHost == "" {
		return optionErr("srv", "the Config is not from a mongodb+srv URI")
	}
	if r == nil {
		r = net.DefaultResolver
	}
	hosts, err := ResolveSRVHosts(ctx, r, c.SRVHost, c.SRVServiceName)
	if err != nil {
		return err
	}
	txt, err := lookupTXTOptions(ctx, r, c.SRVHost)
	if err != nil {
		return err
	}
	n := *c
	if n.Credential != nil {
		cred := *n.Credential
		n.Credential = &cred
	}
	n.Warnings = append([]string(nil), c.Warnings...)
	n.applyTXT(txt)
	n.Hosts = pickHosts(hosts, n.SRVMaxHosts)
	if err := n.Validate(); err != nil {
		return err
	}
	*c = n
	return nil
}

// ResolveSRVHosts returns every host of the SRV records of
// "_<service>._tcp.<srvHost>" after checking that each shares srvHost's
// domain. service "" means "mongodb"; r nil means net.DefaultResolver. An
// SRV poller calls it to re-resolve; srvMaxHosts is left to the caller.
func ResolveSRVHosts(ctx context.Context, r Resolver, srvHost, service string) ([]Host, error) {
	if r == nil {
		r = net.DefaultResolver
	}
	if service == "" {
		service = DefaultSRVServiceName
	}
	_, records, err := r.LookupSRV(ctx, service, "tcp", srvHost)
	if err != nil {
		return nil, srvErr("SRV lookup of "+srvHost+" failed", err)
	}
	if len(records) == 0 {
		return nil, srvErr("SRV lookup of "+srvHost+" returned no records", nil)
	}
	hosts := make([]Host, 0, len(records))
	for _, rec := range records {
		target := lowerASCII(strings.TrimSuffix(rec.Target, "."))
		if err := checkSRVTarget(srvHost, target); err != nil {
			return nil, err
		}
		if rec.Port == 0 {
			return nil, srvErr("SRV record "+target+" has port 0", nil)
		}
		h, reason := namedHost(target, int(rec.Port))
		if reason != "" {
			return nil, srvErr("SRV record target: "+reason, nil)
		}
		hosts = append(hosts, h)
	}
	return hosts, nil
}

// checkSRVTarget enforces the parent domain rule: a target must end in
// "."+domain, where domain is srvHost without its first label when srvHost
// has three or more labels, and all of srvHost otherwise (so the target then
// has at least one more label).
func checkSRVTarget(srvHost, target string) error {
	domain := lowerASCII(srvHost)
	if strings.Count(domain, ".") >= 2 {
		domain = domain[strings.IndexByte(domain, '.')+1:]
	}
	if !strings.HasSuffix(target, "."+domain) || len(target) == len(domain)+1 {
		return srvErr("SRV record target "+target+" is not in the domain "+domain, nil)
	}
	return nil
}

// pickHosts returns all hosts, or max of them chosen at random
// (Fisher-Yates) when 0 < max < len(hosts).
func pickHosts(hosts []Host, max int) []Host {
	if max <= 0 || max >= len(hosts) {
		return hosts
	}
	rand.Shuffle(len(hosts), func(i, j int) { hosts[i], hosts[j] = hosts[j], hosts[i] })
	return hosts[:max:max]
}

// txtOptions are the options a TXT record may set.
type txtOptions struct {
	authSource, replicaSet string
	loadBalanced           Optional[bool]
	warnings               []string
}

// lookupTXTOptions fetches and parses the TXT record; no record means no
// options, more than one is an error.
func lookupTXTOptions(ctx context.Context, r Resolver, host string) (txtOptions, error) {
	records, err := r.LookupTXT(ctx, host)
	var dnsErr *net.DNSError
	if err != nil && !(errors.As(err, &dnsErr) && dnsErr.IsNotFound) {
		return txtOptions{}, srvErr("TXT lookup of "+host+" failed", err)
	}
	switch len(records) {
	case 0:
		return txtOptions{}, nil
	case 1:
		return parseTXT(records[0])
	}
	return txtOptions{}, srvErr("more than one TXT record for "+host, nil)
}

// parseTXT parses "key=value&..." allowing only authSource, replicaSet and
// loadBalanced. Invalid values follow the URI rules (warnings); unknown keys
// and malformed pairs are errors (initial DNS seedlist discovery spec).
func parseTXT(record string) (txtOptions, error) {
	var t txtOptions
	for _, pair := range strings.Split(record, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawValue, ok := strings.Cut(pair, "=")
		key, okKey := unescape(rawKey)
		value, okValue := unescape(rawValue)
		if !ok || !okKey || !okValue {
			return t, srvErr("malformed option in the TXT record", nil)
		}
		switch lowerASCII(key) {
		case "authsource":
			if value == "" {
				return t, credErr("authSource", "cannot be empty (TXT record)")
			}
			t.authSource = value
		case "replicaset":
			t.replicaSet = value
		case "loadbalanced":
			if b, ok := parseBool(value); ok {
				t.loadBalanced = Some(b)
			} else {
				t.warnings = append(t.warnings, `TXT record: option "loadBalanced" ignored: invalid value`)
			}
		default:
			return t, srvErr("the TXT record may set only authSource, replicaSet and loadBalanced", nil)
		}
	}
	return t, nil
}

// applyTXT merges TXT options under the URI's: a TXT value is used only when
// the Config leaves the option unset.
func (c *Config) applyTXT(t txtOptions) {
	c.Warnings = append(c.Warnings, t.warnings...)
	if t.authSource != "" && c.AuthSource == "" {
		c.AuthSource = t.authSource
		if c.Credential != nil {
			c.Credential.Source = t.authSource
		}
	}
	if t.replicaSet != "" && c.ReplicaSet == "" {
		c.ReplicaSet = t.replicaSet
	}
	if t.loadBalanced.Set && !c.LoadBalanced.Set {
		c.LoadBalanced = t.loadBalanced
	}
}
