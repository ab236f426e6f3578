package topology_test

import (
	"context"
	"errors"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/pool"
	"github.com/cwal-go/cwal/topology"
)

// fakeDNS answers SRV lookups from a table the test changes.
type fakeDNS struct {
	mu      sync.Mutex
	records map[string][]*net.SRV // by "_service._tcp.name"
	err     error
	calls   int
}

func (f *fakeDNS) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.err != nil {
		return "", nil, f.err
	}
	return "", f.records["_"+service+"._"+proto+"."+name], nil
}

func (f *fakeDNS) LookupTXT(context.Context, string) ([]string, error) { return nil, nil }

func (f *fakeDNS) set(key string, ports ...uint16) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var recs []*net.SRV
	for _, p := range ports {
		recs = append(recs, &net.SRV{Target: "localhost.test.build.10gen.cc.", Port: p})
	}
	f.records[key] = recs
}

func (f *fakeDNS) fail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

func (f *fakeDNS) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

const srvTest1 = "_mongodb._tcp.test1.test.build.10gen.cc"

func hostsAt(ports ...int) []string {
	var out []string
	for _, p := range ports {
		out = append(out, net.JoinHostPort("localhost.test.build.10gen.cc", strconv.Itoa(p)))
	}
	return out
}

// srvTopology connects a topology seeded as the SRV lookup of host found
// seeds; monitors and pools never touch the network.
func srvTopology(t *testing.T, dns *fakeDNS, host, service string, maxHosts int, lb bool, seeds []string) *topology.Topology {
	return startTopology(t, nil, func(c *topology.RuntimeConfig) {
		c.Seeds = seeds
		c.LoadBalanced = lb
		c.HeartbeatFrequency = 500 * time.Millisecond
		c.Dial = func(context.Context, string, pool.ConnConfig) (*pool.Conn, error) {
			return nil, errors.New("no network in this test")
		}
		c.NewPool = func(string, topology.PoolErrorFunc) topology.ServerPool { return &fakePool{} }
		c.SRV = topology.SRVConfig{Host: host, ServiceName: service, MaxHosts: maxHosts, Resolver: dns, Interval: 20 * time.Millisecond}
	})
}

// fakePool is a ServerPool without connections.
type fakePool struct{ gen uint64 }

func (p *fakePool) Ready()                            {}
func (p *fakePool) Clear(bool, *bson.ObjectID, error) { p.gen++ }
func (p *fakePool) Generation(*bson.ObjectID) uint64  { return p.gen }
func (p *fakePool) Close(context.Context) error       { return nil }

func addrs(d topology.Description) []string {
	var out []string
	for _, s := range d.Servers {
		out = append(out, s.Addr)
	}
	return out
}

// waitHosts waits until the topology's servers are want (sorted).
func waitHosts(t *testing.T, topo *topology.Topology, want []string) {
	t.Helper()
	slices.Sort(want)
	deadline := time.Now().Add(3 * time.Second)
	for !slices.Equal(addrs(topo.Description()), want) {
		if time.Now().After(deadline) {
			t.Fatalf("servers %v, want %v", addrs(topo.Description()), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSRVPolling covers the prose tests of polling SRV records for mongos
// discovery that change the records (1-5, 10, 11, 13).
func TestSRVPolling(t *testing.T) {
	cases := []struct {
		name     string
		key      string
		service  string
		maxHosts int
		before   []int
		after    []int
		want     []int
	}{
		{"1 addition", srvTest1, "", 0, []int{27017, 27018}, []int{27017, 27018, 27019}, []int{27017, 27018, 27019}},
		{"2 removal", srvTest1, "", 0, []int{27017, 27018}, []int{27017}, []int{27017}},
		{"3 replacement", srvTest1, "", 0, []int{27017, 27018}, []int{27017, 27019}, []int{27017, 27019}},
		{"4 both by one", srvTest1, "", 0, []int{27017, 27018}, []int{27019}, []int{27019}},
		{"5 both by two", srvTest1, "", 0, []int{27017, 27018}, []int{27019, 27020}, []int{27019, 27020}},
		{"10 srvMaxHosts=0", srvTest1, "", 0, []int{27017, 27018}, []int{27017, 27019, 27020}, []int{27017, 27019, 27020}},
		{"11 srvMaxHosts>=records", srvTest1, "", 2, []int{27017, 27018}, []int{27019, 27020}, []int{27019, 27020}},
		{"13 custom service name", "_customname._tcp.test22.test.build.10gen.cc", "customname", 0, []int{27017}, []int{27019, 27020}, []int{27019, 27020}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dns := &fakeDNS{records: map[string][]*net.SRV{}}
			dns.set(tc.key, ports(tc.before)...)
			host := "test1.test.build.10gen.cc"
			if tc.service != "" {
				host = "test22.test.build.10gen.cc"
			}
			topo := srvTopology(t, dns, host, tc.service, tc.maxHosts, false, hostsAt(tc.before...))
			dns.set(tc.key, ports(tc.after)...)
			waitHosts(t, topo, hostsAt(tc.want...))
		})
	}
}

// TestSRVPollingMaxHostsRandom is prose test 12: srvMaxHosts=2 keeps the
// remaining host and adds one of the new ones at random.
func TestSRVPollingMaxHostsRandom(t *testing.T) {
	dns := &fakeDNS{records: map[string][]*net.SRV{}}
	dns.set(srvTest1, 27017, 27018)
	topo := srvTopology(t, dns, "test1.test.build.10gen.cc", "", 2, false, hostsAt(27017, 27018))
	dns.set(srvTest1, 27017, 27019, 27020)
	deadline := time.Now().Add(3 * time.Second)
	for {
		got := addrs(topo.Description())
		if len(got) == 2 && slices.Contains(got, hostsAt(27017)[0]) && !slices.Contains(got, hostsAt(27018)[0]) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("servers %v", got)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSRVPollingErrors covers prose tests 6-8 and records outside the
// domain: the topology is left alone.
func TestSRVPollingErrors(t *testing.T) {
	cases := []struct {
		name     string
		breakDNS func(*fakeDNS)
	}{
		{"6 timeout", func(d *fakeDNS) { d.fail(&net.DNSError{Err: "i/o timeout", IsTimeout: true}) }},
		{"7 failure", func(d *fakeDNS) { d.fail(&net.DNSError{Err: "no such host", IsNotFound: true}) }},
		{"8 no records", func(d *fakeDNS) { d.set(srvTest1) }},
		{"foreign domain", func(d *fakeDNS) {
			d.mu.Lock()
			d.records[srvTest1] = []*net.SRV{{Target: "evil.example.com.", Port: 27019}}
			d.mu.Unlock()
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dns := &fakeDNS{records: map[string][]*net.SRV{}}
			dns.set(srvTest1, 27017, 27018)
			topo := srvTopology(t, dns, "test1.test.build.10gen.cc", "", 0, false, hostsAt(27017, 27018))
			tc.breakDNS(dns)
			calls := dns.callCount()
			deadline := time.Now().Add(3 * time.Second)
			for dns.callCount() < calls+1 {
				if time.Now().After(deadline) {
					t.Fatal("no rescan")
				}
				time.Sleep(5 * time.Millisecond)
			}
			if got := addrs(topo.Description()); !slices.Equal(got, hostsAt(27017, 27018)) {
				t.Errorf("servers %v after a failed rescan", got)
			}
		})
	}
}

// TestSRVPollingNotLoadBalanced is prose test 9.
func TestSRVPollingNotLoadBalanced(t *testing.T) {
	dns := &fakeDNS{records: map[string][]*net.SRV{}}
	dns.set("_mongodb._tcp.test3.test.build.10gen.cc", 27017)
	topo := srvTopology(t, dns, "test3.test.build.10gen.cc", "", 0, true, hostsAt(27017))
	dns.set("_mongodb._tcp.test3.test.build.10gen.cc", 27017, 27018)
	time.Sleep(100 * time.Millisecond)
	if got := addrs(topo.Description()); !slices.Equal(got, hostsAt(27017)) || dns.callCount() != 0 {
		t.Errorf("servers %v, %d lookups", got, dns.callCount())
	}
}

func ports(ps []int) []uint16 {
	out := make([]uint16, len(ps))
	for i, p := range ps {
		out[i] = uint16(p)
	}
	return out
}

func TestApplySRVHosts(t *testing.T) {
	f, _, err := topology.NewFSM(topology.Config{Seeds: []string{"a:1", "b:1"}})
	if err != nil {
		t.Fatal(err)
	}
	f.Apply(description.Server{Addr: "a:1", Type: description.Mongos, MaxWireVersion: 21})
	out := f.ApplySRVHosts([]string{"A:1", "c:1"}, 0)
	if !out.Changed || !slices.Equal(addrs(f.Description()), []string{"a:1", "c:1"}) {
		t.Fatalf("servers %v", addrs(f.Description()))
	}
	if a, _ := f.Description().Server("a:1"); a.Type != description.Mongos {
		t.Error("a host still listed was reset")
	}
	var kinds []string
	for _, a := range out.Actions {
		kinds = append(kinds, a.String())
	}
	if !slices.Equal(kinds, []string{"StopServer b:1", "StartServer c:1"}) {
		t.Errorf("actions %v", kinds)
	}
	if out := f.ApplySRVHosts([]string{"a:1", "c:1"}, 0); out.Changed {
		t.Error("an unchanged list changed the topology")
	}
	if out := f.ApplySRVHosts(nil, 0); out.Changed {
		t.Error("an empty list changed the topology")
	}
	rs, _, _ := topology.NewFSM(topology.Config{Seeds: []string{"a:1"}, SetName: "rs"})
	if out := rs.ApplySRVHosts([]string{"z:1"}, 0); out.Changed {
		t.Error("a replica set took an SRV update")
	}
}
