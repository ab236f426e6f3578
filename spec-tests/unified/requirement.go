package unified

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// The topology names of runOnRequirements and ServerInfo.
const (
	TopologySingle            = "single"
	TopologyReplicaSet        = "replicaset"
	TopologySharded           = "sharded"
	TopologyShardedReplicaSet = "sharded-replicaset"
	TopologyLoadBalanced      = "load-balanced"
)

// RunOnRequirement is one entry of runOnRequirements: every field that is
// set must hold for the requirement to be met.
type RunOnRequirement struct {
	// MinServerVersion and MaxServerVersion are inclusive bounds; "" means
	// no bound.
	MinServerVersion string
	MaxServerVersion string
	Topologies       []string
	// Serverless is "require", "forbid", "allow" or "".
	Serverless string
	// ServerParameters must each equal the server's value (numbers compare
	// by value).
	ServerParameters bson.Raw
	// Auth, when set, requires authentication to be on (true) or off (false).
	Auth *bool
	// AuthMechanism must be one of the server's authenticationMechanisms.
	AuthMechanism string
	// CSFLE, when set, requires client-side encryption support (true) or
	// its absence (false).
	CSFLE *bool
	// MinLibmongocryptVersion comes from the object form of csfle.
	MinLibmongocryptVersion string
}

// ServerInfo describes the deployment the tests run against.
type ServerInfo struct {
	// Version is the server version, such as "8.0.4" (suffixes are ignored).
	Version string
	// Topology is one of TopologySingle, TopologyReplicaSet,
	// TopologySharded or TopologyLoadBalanced.
	Topology   string
	Serverless bool
	Auth       bool
	// ServerParameters is the reply of getParameter: "*"; it also supplies
	// authenticationMechanisms.
	ServerParameters bson.Raw
	// CSFLE reports that the driver and server support client-side field
	// level encryption.
	CSFLE bool
	// LibmongocryptVersion is the version of libmongocrypt, if any.
	LibmongocryptVersion string
}

func decodeRequirement(d *decoder, path string, raw json.RawMessage) RunOnRequirement {
	o := d.object(path, raw)
	if len(o.m) == 0 && d.err == nil {
		d.failf(path, "a requirement needs at least one field")
	}
	r := RunOnRequirement{
		MinServerVersion: versionField(o, "minServerVersion"),
		MaxServerVersion: versionField(o, "maxServerVersion"),
		Topologies: o.strings("topologies", 1, TopologySingle, TopologyReplicaSet,
			TopologySharded, TopologyShardedReplicaSet, TopologyLoadBalanced),
		Serverless:       o.enum("serverless", "require", "forbid", "allow"),
		ServerParameters: o.document("serverParameters"),
		Auth:             o.boolPtr("auth"),
		AuthMechanism:    o.str("authMechanism"),
	}
	if r.ServerParameters != nil && r.ServerParameters.Len() == 0 {
		d.failf(o.at("serverParameters"), "expected at least one parameter")
	}
	decodeCSFLE(o, &r)
	o.close()
	return r
}

func versionField(o *object, key string) string {
	s := o.str(key)
	if o.has(key) {
		if _, err := ParseVersion(s); err != nil {
			o.d.failf(o.at(key), "%v", err)
		}
	}
	return s
}

// decodeCSFLE reads csfle, which is a boolean or, since schema 1.25, an
// object that implies true.
func decodeCSFLE(o *object, r *RunOnRequirement) {
	raw, ok := o.raw("csfle")
	if !ok {
		return
	}
	if jsonKind(raw) != '{' {
		r.CSFLE = o.boolPtr("csfle")
		return
	}
	c := o.d.object(o.at("csfle"), raw)
	if len(c.m) == 0 {
		o.d.failf(c.path, "expected at least one field")
	}
	r.MinLibmongocryptVersion = versionField(c, "minLibmongocryptVersion")
	c.close()
	yes := true
	r.CSFLE = &yes
}

// Satisfied reports whether info meets at least one of reqs; an empty list
// is always met. When none is met, reason says why, one clause per
// requirement.
func Satisfied(reqs []RunOnRequirement, info ServerInfo) (ok bool, reason string) {
	if len(reqs) == 0 {
		return true, ""
	}
	var why []string
	for _, r := range reqs {
		miss := r.unmet(info)
		if miss == "" {
			return true, ""
		}
		why = append(why, miss)
	}
	return false, strings.Join(why, "; or ")
}

// unmet returns the first condition of r that info fails, or "".
func (r RunOnRequirement) unmet(info ServerInfo) string {
	checks := [...]func(RunOnRequirement, ServerInfo) string{
		unmetVersion, unmetTopology, unmetServerless, unmetAuth, unmetCSFLE, unmetParameters,
	}
	for _, c := range checks {
		if s := c(r, info); s != "" {
			return s
		}
	}
	return ""
}

func unmetVersion(r RunOnRequirement, info ServerInfo) string {
	if r.MinServerVersion == "" && r.MaxServerVersion == "" {
		return ""
	}
	have, err := ParseServerVersion(info.Version)
	if err != nil {
		return fmt.Sprintf("server version %q is not readable: %v", info.Version, err)
	}
	if r.MinServerVersion != "" {
		if lo, err := ParseVersion(r.MinServerVersion); err != nil || have.Compare(lo) < 0 {
			return fmt.Sprintf("requires server >= %s (have %s)", r.MinServerVersion, info.Version)
		}
	}
	if r.MaxServerVersion != "" {
		if hi, err := ParseVersion(r.MaxServerVersion); err != nil || have.Compare(hi) > 0 {
			return fmt.Sprintf("requires server <= %s (have %s)", r.MaxServerVersion, info.Version)
		}
	}
	return ""
}

// unmetTopology treats every sharded cluster as backed by replica sets:
// servers the format still targets require replica-set shards.
func unmetTopology(r RunOnRequirement, info ServerInfo) string {
	if len(r.Topologies) == 0 {
		return ""
	}
	for _, t := range r.Topologies {
		if t == info.Topology || (t == TopologyShardedReplicaSet && info.Topology == TopologySharded) {
			return ""
		}
	}
	return fmt.Sprintf("requires topology %s (have %s)", strings.Join(r.Topologies, " or "), info.Topology)
}

func unmetServerless(r RunOnRequirement, info ServerInfo) string {
	switch {
	case r.Serverless == "require" && !info.Serverless:
		return "requires Atlas Serverless"
	case r.Serverless == "forbid" && info.Serverless:
		return "must not run on Atlas Serverless"
	}
	return ""
}

func unmetAuth(r RunOnRequirement, info ServerInfo) string {
	if r.Auth != nil && *r.Auth != info.Auth {
		if *r.Auth {
			return "requires authentication"
		}
		return "requires authentication to be off"
	}
	if r.AuthMechanism == "" {
		return ""
	}
	mechs, _ := info.ServerParameters.Lookup("authenticationMechanisms").ArrayOK()
	it := mechs.Iter()
	for it.Next() {
		if strings.EqualFold(it.Value().StringValue(), r.AuthMechanism) {
			return ""
		}
	}
	return fmt.Sprintf("requires auth mechanism %s", r.AuthMechanism)
}

func unmetCSFLE(r RunOnRequirement, info ServerInfo) string {
	if r.CSFLE == nil {
		return ""
	}
	if !*r.CSFLE {
		if info.CSFLE {
			return "requires client-side encryption to be unsupported"
		}
		return ""
	}
	if !info.CSFLE {
		return "requires client-side encryption"
	}
	if r.MinLibmongocryptVersion == "" {
		return ""
	}
	have, err := ParseServerVersion(info.LibmongocryptVersion)
	lo, _ := ParseVersion(r.MinLibmongocryptVersion)
	if err != nil || have.Compare(lo) < 0 {
		return fmt.Sprintf("requires libmongocrypt >= %s (have %q)", r.MinLibmongocryptVersion, info.LibmongocryptVersion)
	}
	return ""
}

// unmetParameters compares each wanted server parameter with the server's;
// a parameter the server lacks counts as different.
func unmetParameters(r RunOnRequirement, info ServerInfo) string {
	it := r.ServerParameters.Iter()
	for it.Next() {
		name := it.Key()
		have := info.ServerParameters.Lookup(name)
		if have.IsZero() {
			return fmt.Sprintf("requires server parameter %s (not reported by the server)", name)
		}
		if err := Match(it.Value(), have, MatchOptions{NotRoot: true}); err != nil {
			return fmt.Sprintf("requires server parameter %s = %s (have %s)", name, it.Value(), have)
		}
	}
	return ""
}
