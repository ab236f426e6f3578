package connstring_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"testing"

	"github.com/cwal-go/cwal/connstring"
)

// oneSRV serves a single SRV answer for "_mongodb._tcp.<name>".
func oneSRV(name string, targets ...string) *fakeDNS {
	recs := make([]*net.SRV, len(targets))
	for i, t := range targets {
		recs[i] = &net.SRV{Target: t + ".", Port: uint16(27017 + i)}
	}
	return &fakeDNS{srv: map[string][]*net.SRV{"_mongodb._tcp." + name: recs}}
}

// Prose test 1: SRV names with fewer than three labels parse.
func TestSRVProseFewLabelsAllowed(t *testing.T) {
	for _, uri := range []string{"mongodb+srv://localhost", "mongodb+srv://mongo.local"} {
		cfg, err := connstring.Parse(uri)
		if err != nil {
			t.Fatalf("Parse(%q): %v", uri, err)
		}
		if !cfg.NeedsResolution() || len(cfg.Hosts) != 0 || !cfg.TLS {
			t.Errorf("%q: NeedsResolution=%v hosts=%v TLS=%v, want true, none, true", uri, cfg.NeedsResolution(), cfg.Hosts, cfg.TLS)
		}
	}
}

// Prose tests 2, 3 and 4: targets outside the SRV name's domain are refused.
func TestSRVProseDomainValidation(t *testing.T) {
	cases := []struct{ name, srvHost, target string }{
		{"2 not the domain", "localhost", "localhost.mongodb"},
		{"2 not the domain", "mongo.local", "test_1.evil.local"},
		{"2 not the domain", "blogs.mongodb.com", "blogs.evil.com"},
		{"3 identical", "localhost", "localhost"},
		{"3 identical", "mongo.local", "mongo.local"},
		{"4 missing dot", "localhost", "test_1.cluster_1localhost"},
		{"4 missing dot", "mongo.local", "test_1.my_hostmongo.local"},
		{"4 missing dot", "blogs.mongodb.com", "cluster.testmongodb.com"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" "+tc.srvHost+" "+tc.target, func(t *testing.T) {
			_, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://"+tc.srvHost, oneSRV(tc.srvHost, tc.target))
			if !errors.Is(err, connstring.ErrSRV) {
				t.Fatalf("err = %v, want ErrSRV", err)
			}
		})
	}
}

// The positive side of the prose tests: targets one label deeper resolve.
func TestSRVDomainAccepted(t *testing.T) {
	cases := []struct{ srvHost, target string }{
		{"localhost", "test_1.localhost"},
		{"mongo.local", "test_1.my_host.mongo.local"},
		{"blogs.mongodb.com", "cluster.mongodb.com"},
		{"blogs.mongodb.com", "a.b.MONGODB.com"},
	}
	for _, tc := range cases {
		cfg, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://"+tc.srvHost, oneSRV(tc.srvHost, tc.target))
		if err != nil {
			t.Errorf("%s → %s: %v", tc.srvHost, tc.target, err)
			continue
		}
		if len(cfg.Hosts) != 1 || cfg.Hosts[0].Port != 27017 || cfg.NeedsResolution() {
			t.Errorf("%s → %s: hosts %v", tc.srvHost, tc.target, cfg.Hosts)
		}
	}
}

func TestSRVLookupNames(t *testing.T) {
	dns := &fakeDNS{srv: map[string][]*net.SRV{
		"_custom._tcp.db.example.com": {{Target: "a.example.com.", Port: 1}},
	}}
	hosts, err := connstring.ResolveSRVHosts(context.Background(), dns, "db.example.com", "custom")
	if err != nil {
		t.Fatal(err)
	}
	if len(hosts) != 1 || hosts[0].String() != "a.example.com:1" {
		t.Errorf("hosts = %v", hosts)
	}
	if _, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://db.example.com/?srvServiceName=custom", dns); err != nil {
		t.Fatal(err)
	}
	want := []string{"SRV _custom._tcp.db.example.com", "SRV _custom._tcp.db.example.com", "TXT db.example.com"}
	if !reflect.DeepEqual(dns.queries, want) {
		t.Errorf("queries = %q, want %q", dns.queries, want)
	}
}

// A failed resolution leaves the Config as it was.
func TestResolveSRVUnchangedOnError(t *testing.T) {
	cfg, err := connstring.Parse("mongodb+srv://u:p@test5.test.build.10gen.cc/?srvMaxHosts=1")
	if err != nil {
		t.Fatal(err)
	}
	before := cfg.String() + fmt.Sprint(cfg.Credential.Source, cfg.Warnings)
	// The TXT record sets replicaSet, which conflicts with srvMaxHosts.
	if err := cfg.ResolveSRV(context.Background(), seedlistZone()); !errors.Is(err, connstring.ErrInvalidOption) {
		t.Fatalf("err = %v, want ErrInvalidOption", err)
	}
	if after := cfg.String() + fmt.Sprint(cfg.Credential.Source, cfg.Warnings); after != before || len(cfg.Hosts) != 0 {
		t.Errorf("config changed: %s → %s, hosts %v", before, after, cfg.Hosts)
	}
}

func TestResolveSRVTXTAuthSource(t *testing.T) {
	cfg, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://u:p@test5.test.build.10gen.cc/db", seedlistZone())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Credential.Source != "thisDB" || cfg.AuthSource != "thisDB" || cfg.ReplicaSet != "repl0" {
		t.Errorf("source %q authSource %q replicaSet %q", cfg.Credential.Source, cfg.AuthSource, cfg.ReplicaSet)
	}
}

func TestResolveSRVTXTFailure(t *testing.T) {
	dns := seedlistZone()
	cause := errors.New("server misbehaving")
	dns.txtErr = cause
	_, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://test1.test.build.10gen.cc", dns)
	if !errors.Is(err, connstring.ErrSRV) || !errors.Is(err, cause) {
		t.Fatalf("err = %v, want ErrSRV wrapping the cause", err)
	}
	// No TXT record at all is fine.
	dns.txtErr = nil
	if _, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://test1.test.build.10gen.cc", dns); err != nil {
		t.Fatal(err)
	}
}

func TestResolveSRVNotSRV(t *testing.T) {
	dns := seedlistZone()
	cfg, err := connstring.ParseAndResolve(context.Background(), "mongodb://a,b", dns)
	if err != nil || len(cfg.Hosts) != 2 || len(dns.queries) != 0 {
		t.Fatalf("cfg %v err %v queries %q", cfg, err, dns.queries)
	}
	if err := cfg.ResolveSRV(context.Background(), dns); err == nil {
		t.Error("ResolveSRV on a mongodb:// Config succeeded")
	}
}

// srvMaxHosts picks a random subset: over many runs each record is chosen.
func TestSRVMaxHostsRandom(t *testing.T) {
	seen := map[string]int{}
	for i := 0; i < 64; i++ {
		cfg, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://test1.test.build.10gen.cc/?srvMaxHosts=1", seedlistZone())
		if err != nil {
			t.Fatal(err)
		}
		if len(cfg.Hosts) != 1 {
			t.Fatalf("hosts = %v, want 1", cfg.Hosts)
		}
		seen[cfg.Hosts[0].String()]++
	}
	if len(seen) != 2 {
		t.Errorf("chosen hosts %v, want both records over 64 runs", seen)
	}
}

func TestSRVZeroRecords(t *testing.T) {
	dns := &fakeDNS{srv: map[string][]*net.SRV{"_mongodb._tcp.x.example.com": {}}}
	_, err := connstring.ParseAndResolve(context.Background(), "mongodb+srv://x.example.com", dns)
	if !errors.Is(err, connstring.ErrSRV) {
		t.Fatalf("err = %v, want ErrSRV", err)
	}
}
