package connstring_test

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/cwal-go/cwal/connstring"
)

// optionValue maps an option name of the spec tests (any case) to the value
// the Config holds, in the JSON shape the tests use. ok is false when the
// option is unset (an Optional without Set) or the name is not known here, so
// an expected option that the parser dropped fails the comparison.
func optionValue(c *connstring.Config, name string) (any, bool) {
	key := strings.ToLower(name)
	if f, ok := plainOptions[key]; ok {
		return f(c), true
	}
	if f, ok := optionalOptions[key]; ok {
		return f(c)
	}
	return nil, false
}

func ms(d time.Duration) int64 { return d.Milliseconds() }

func optMS(o connstring.Optional[time.Duration]) (any, bool) { return ms(o.Value), o.Set }

func optAny[T any](o connstring.Optional[T]) (any, bool) { return o.Value, o.Set }

// plainOptions are fields whose zero value is their default.
var plainOptions = map[string]func(c *connstring.Config) any{
	"appname":                              func(c *connstring.Config) any { return c.AppName },
	"authsource":                           func(c *connstring.Config) any { return c.AuthSource },
	"compressors":                          func(c *connstring.Config) any { return c.Compressors },
	"enableoverloadretargeting":            func(c *connstring.Config) any { return c.EnableOverloadRetargeting },
	"heartbeatfrequencyms":                 func(c *connstring.Config) any { return ms(c.HeartbeatFrequency) },
	"maxconnecting":                        func(c *connstring.Config) any { return c.MaxConnecting },
	"maxidletimems":                        func(c *connstring.Config) any { return ms(c.MaxIdleTime) },
	"maxstalenessseconds":                  func(c *connstring.Config) any { return int64(c.MaxStaleness / time.Second) },
	"minpoolsize":                          func(c *connstring.Config) any { return c.MinPoolSize },
	"readconcernlevel":                     func(c *connstring.Config) any { return c.ReadConcernLevel },
	"readpreference":                       func(c *connstring.Config) any { return c.ReadPreference },
	"readpreferencetags":                   func(c *connstring.Config) any { return c.ReadPreferenceTags },
	"replicaset":                           func(c *connstring.Config) any { return c.ReplicaSet },
	"servermonitoringmode":                 func(c *connstring.Config) any { return c.ServerMonitoringMode },
	"serverselectiontimeoutms":             func(c *connstring.Config) any { return ms(c.ServerSelectionTimeout) },
	"sockettimeoutms":                      func(c *connstring.Config) any { return ms(c.SocketTimeout) },
	"srvmaxhosts":                          func(c *connstring.Config) any { return c.SRVMaxHosts },
	"srvservicename":                       func(c *connstring.Config) any { return c.SRVServiceName },
	"ssl":                                  func(c *connstring.Config) any { return c.TLS },
	"tls":                                  func(c *connstring.Config) any { return c.TLS },
	"tlsallowinvalidcertificates":          func(c *connstring.Config) any { return c.TLSAllowInvalidCertificates },
	"tlsallowinvalidhostnames":             func(c *connstring.Config) any { return c.TLSAllowInvalidHostnames },
	"tlscafile":                            func(c *connstring.Config) any { return c.TLSCAFile },
	"tlscertificatekeyfile":                func(c *connstring.Config) any { return c.TLSCertificateKeyFile },
	"tlscertificatekeyfilepassword":        func(c *connstring.Config) any { return c.TLSCertificateKeyFilePassword },
	"tlsdisablecertificaterevocationcheck": func(c *connstring.Config) any { return c.TLSDisableCertificateRevocationCheck },
	"tlsdisableocspendpointcheck":          func(c *connstring.Config) any { return c.TLSDisableOCSPEndpointCheck },
	"tlsinsecure":                          func(c *connstring.Config) any { return c.TLSInsecure },
	"waitqueuetimeoutms":                   func(c *connstring.Config) any { return ms(c.WaitQueueTimeout) },
	"wtimeoutms":                           func(c *connstring.Config) any { return ms(c.WTimeout) },
}

// optionalOptions are fields that record whether they were set.
var optionalOptions = map[string]func(c *connstring.Config) (any, bool){
	"authmechanism": func(c *connstring.Config) (any, bool) {
		if c.Credential == nil {
			return nil, false
		}
		return c.Credential.Mechanism, true
	},
	"authmechanismproperties": func(c *connstring.Config) (any, bool) {
		if c.Credential == nil {
			return nil, false
		}
		return c.Credential.MechanismProperties, true
	},
	"connecttimeoutms":       func(c *connstring.Config) (any, bool) { return optMS(c.ConnectTimeout) },
	"directconnection":       func(c *connstring.Config) (any, bool) { return optAny(c.DirectConnection) },
	"journal":                func(c *connstring.Config) (any, bool) { return optAny(c.Journal) },
	"loadbalanced":           func(c *connstring.Config) (any, bool) { return optAny(c.LoadBalanced) },
	"localthresholdms":       func(c *connstring.Config) (any, bool) { return optMS(c.LocalThreshold) },
	"maxadaptiveretries":     func(c *connstring.Config) (any, bool) { return optAny(c.MaxAdaptiveRetries) },
	"maxpoolsize":            func(c *connstring.Config) (any, bool) { return optAny(c.MaxPoolSize) },
	"retryreads":             func(c *connstring.Config) (any, bool) { return optAny(c.RetryReads) },
	"retrywrites":            func(c *connstring.Config) (any, bool) { return optAny(c.RetryWrites) },
	"serverselectiontryonce": func(c *connstring.Config) (any, bool) { return optAny(c.ServerSelectionTryOnce) },
	"timeoutms":              func(c *connstring.Config) (any, bool) { return optMS(c.Timeout) },
	"zlibcompressionlevel":   func(c *connstring.Config) (any, bool) { return optAny(c.ZlibCompressionLevel) },
	"w": func(c *connstring.Config) (any, bool) {
		w, ok := c.W.Get()
		if w.Tag != "" {
			return w.Tag, ok
		}
		return w.N, ok
	},
}

// sameJSON compares two values by their JSON encoding (maps sort their keys,
// so key order does not matter; int and float64 5 both encode as 5).
func sameJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// compareOptions reports every expected option that differs.
func compareOptions(c *connstring.Config, want map[string]any) []string {
	var diffs []string
	for name, exp := range want {
		got, ok := optionValue(c, name)
		if !ok {
			diffs = append(diffs, name+": unset, want "+jsonText(exp))
			continue
		}
		if !sameJSON(got, exp) {
			diffs = append(diffs, name+": got "+jsonText(got)+", want "+jsonText(exp))
		}
	}
	return diffs
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
