package connstring_test

import (
	"context"
	"net"
	"strings"
	"sync"
)

// fakeDNS is an in-memory Resolver. Names compare case-insensitively, like
// DNS; a missing name answers with a not-found *net.DNSError, like
// *net.Resolver.
type fakeDNS struct {
	srv map[string][]*net.SRV // key: "_service._proto.name"
	txt map[string][]string   // one string per record, character-strings joined

	mu      sync.Mutex
	queries []string
	txtErr  error // returned by LookupTXT when set
}

func (f *fakeDNS) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	key := strings.ToLower("_" + service + "._" + proto + "." + name)
	f.log("SRV " + key)
	recs, ok := f.srv[key]
	if !ok {
		return "", nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
	}
	out := make([]*net.SRV, len(recs))
	for i, r := range recs {
		c := *r
		out[i] = &c
	}
	return key + ".", out, nil
}

func (f *fakeDNS) LookupTXT(_ context.Context, name string) ([]string, error) {
	key := strings.ToLower(name)
	f.log("TXT " + key)
	if f.txtErr != nil {
		return nil, f.txtErr
	}
	recs, ok := f.txt[key]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
	}
	return append([]string(nil), recs...), nil
}

func (f *fakeDNS) log(q string) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
}

// seedlistZone returns the records that the initial DNS seedlist discovery
// tests README (source/initial-dns-seedlist-discovery/tests/README.md, "Test
// Setup") tells testers to publish for test.build.10gen.cc, so the JSON files
// in tests/{replica-set,sharded,load-balanced} run without real DNS. The TXT
// record of test11 has three character-strings; *net.Resolver joins them, so
// the fake returns them joined. test4 is absent on purpose (no SRV records).
func seedlistZone() *fakeDNS {
	const dom = ".test.build.10gen.cc"
	srv := func(port uint16, target string) *net.SRV {
		return &net.SRV{Target: target + ".", Port: port, Priority: 0, Weight: 5}
	}
	local := "localhost" + dom
	z := &fakeDNS{srv: map[string][]*net.SRV{
		"_mongodb._tcp.test1" + dom:     {srv(27017, local), srv(27018, local)},
		"_mongodb._tcp.test2" + dom:     {srv(27018, local), srv(27019, local)},
		"_mongodb._tcp.test3" + dom:     {srv(27017, local)},
		"_mongodb._tcp.test12" + dom:    {srv(27017, "localhost.build.10gen.cc")},
		"_mongodb._tcp.test13" + dom:    {srv(27017, "test.build.10gen.cc")},
		"_mongodb._tcp.test14" + dom:    {srv(27017, "localhost.not-test.build.10gen.cc")},
		"_mongodb._tcp.test15" + dom:    {srv(27017, "localhost.test.not-build.10gen.cc")},
		"_mongodb._tcp.test16" + dom:    {srv(27017, "localhost.test.build.not-10gen.cc")},
		"_mongodb._tcp.test17" + dom:    {srv(27017, "localhost.test.build.10gen.not-cc")},
		"_mongodb._tcp.test18" + dom:    {srv(27017, "localhost.sub"+dom)},
		"_mongodb._tcp.test19" + dom:    {srv(27017, "localhost.evil.build.10gen.cc"), srv(27017, local)},
		"_customname._tcp.test22" + dom: {srv(27017, local), srv(27018, local)},
		"_mongodb._tcp.test23" + dom:    {srv(8000, local)},
		"_mongodb._tcp.test24" + dom:    {srv(8000, local)},
	}, txt: map[string][]string{
		"test5" + dom:  {"replicaSet=repl0&authSource=thisDB"},
		"test6" + dom:  {"replicaSet=repl0", "authSource=otherDB"},
		"test7" + dom:  {"ssl=false"},
		"test8" + dom:  {"authSource"},
		"test10" + dom: {"socketTimeoutMS=500"},
		"test11" + dom: {"replicaS" + "et=rep" + "l0"},
		"test20" + dom: {"loadBalanced=true"},
		"test21" + dom: {"loadBalanced=false"},
		"test24" + dom: {"loadBalanced=true"},
	}}
	for _, n := range []string{"test5", "test6", "test7", "test8", "test10", "test11", "test20", "test21"} {
		z.srv["_mongodb._tcp."+n+dom] = []*net.SRV{srv(27017, local)}
	}
	return z
}
