package description_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

func TestNewServerType(t *testing.T) {
	tests := []struct {
		name, reply string
		want        description.ServerType
	}{
		{"standalone", `{"ok": 1, "isWritablePrimary": true, "maxWireVersion": 25}`, description.Standalone},
		{"mongos", `{"ok": 1, "isWritablePrimary": true, "msg": "isdbgrid"}`, description.Mongos},
		{"primary", `{"ok": 1, "isWritablePrimary": true, "setName": "rs"}`, description.RSPrimary},
		{"legacy primary", `{"ok": 1.0, "ismaster": true, "setName": "rs"}`, description.RSPrimary},
		{"isWritablePrimary wins over ismaster", `{"ok": 1, "ismaster": true, "isWritablePrimary": false, "setName": "rs"}`, description.RSOther},
		{"secondary", `{"ok": 1, "isWritablePrimary": false, "secondary": true, "setName": "rs"}`, description.RSSecondary},
		{"hidden secondary", `{"ok": 1, "secondary": true, "hidden": true, "setName": "rs"}`, description.RSOther},
		{"arbiter", `{"ok": 1, "arbiterOnly": true, "setName": "rs"}`, description.RSArbiter},
		{"recovering", `{"ok": 1, "isWritablePrimary": false, "setName": "rs"}`, description.RSOther},
		{"ghost", `{"ok": 1, "isreplicaset": true, "isWritablePrimary": false}`, description.RSGhost},
		{"ghost wins over setName", `{"ok": 1, "isreplicaset": true, "setName": "rs"}`, description.RSGhost},
		{"ok 0", `{"ok": 0, "errmsg": "boom", "code": 1, "codeName": "InternalError"}`, description.Unknown},
		{"ok missing", `{"isWritablePrimary": true}`, description.Unknown},
		{"ok true", `{"ok": true}`, description.Standalone},
		{"ok as int64", `{"ok": {"$numberLong": "1"}}`, description.Standalone},
		{"null setName", `{"ok": 1, "setName": null}`, description.Standalone},
		{"numeric flags", `{"ok": 1, "ismaster": 0, "secondary": 1, "setName": "rs"}`, description.RSSecondary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := description.NewServer("a:27017", doc(t, tt.reply))
			if s.Type != tt.want {
				t.Fatalf("type = %v, want %v (error %v)", s.Type, tt.want, s.Error)
			}
			if (s.Type == description.Unknown) != (s.Error != nil) {
				t.Fatalf("type %v with error %v", s.Type, s.Error)
			}
		})
	}
}

const fullPrimary = `{
	"ok": 1, "helloOk": true, "isWritablePrimary": true, "setName": "rs0",
	"minWireVersion": 0, "maxWireVersion": 25,
	"me": "A.Example.com:27017", "primary": "A.example.COM:27017",
	"hosts": ["A.example.com:27017", "b.example.com"], "passives": ["[::1]:27018"], "arbiters": ["C:1"],
	"tags": {"dc": "east", "rack": "1"},
	"setVersion": 3, "electionId": {"$oid": "7fffffff0000000000000007"},
	"lastWrite": {"lastWriteDate": {"$date": "2024-01-02T03:04:05Z"}, "opTime": {"ts": {"$timestamp": {"t": 5, "i": 1}}, "t": 7}},
	"logicalSessionTimeoutMinutes": 30,
	"topologyVersion": {"processId": {"$oid": "000000000000000000000042"}, "counter": {"$numberLong": "6"}},
	"connectionId": 17, "maxBsonObjectSize": 16777216, "maxMessageSizeBytes": 48000000, "maxWriteBatchSize": 100000,
	"compression": ["zstd", "snappy"], "saslSupportedMechs": ["SCRAM-SHA-256", 7, "NEW-MECH"],
	"speculativeAuthenticate": {"conversationId": 1, "done": false},
	"serviceId": {"$oid": "000000000000000000000099"}, "iscryptd": false, "localTime": {"$date": "2024-01-02T03:04:05Z"}
}`

func TestNewServerFields(t *testing.T) {
	before := time.Now()
	s := description.NewServer("A.EXAMPLE.com", doc(t, fullPrimary))
	if s.Error != nil {
		t.Fatal(s.Error)
	}
	eq := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	eq("Addr", s.Addr, "a.example.com:27017")
	eq("Type", s.Type, description.RSPrimary)
	eq("wire", [2]int32{s.MinWireVersion, s.MaxWireVersion}, [2]int32{0, 25})
	eq("Me", s.Me, "a.example.com:27017")
	eq("Primary", s.Primary, "a.example.com:27017")
	eq("Hosts", s.Hosts, []string{"a.example.com:27017", "b.example.com:27017"})
	eq("Passives", s.Passives, []string{"[::1]:27018"})
	eq("Arbiters", s.Arbiters, []string{"c:1"})
	eq("Tags", s.Tags, map[string]string{"dc": "east", "rack": "1"})
	eq("SetName", s.SetName, "rs0")
	eq("SetVersion", *s.SetVersion, int64(3))
	eq("ElectionID", s.ElectionID.Hex(), "7fffffff0000000000000007")
	eq("LastWriteDate", s.LastWriteDate.UTC(), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	eq("OpTime.t", s.OpTime.Document().Lookup("t").Int32(), int32(7))
	eq("LogicalSessionTimeoutMinutes", *s.LogicalSessionTimeoutMinutes, int64(30))
	eq("TopologyVersion.Counter", s.TopologyVersion.Counter, int64(6))
	eq("TopologyVersion.ProcessID", s.TopologyVersion.ProcessID.Hex(), "000000000000000000000042")
	eq("ConnectionID", s.ConnectionID, int64(17))
	eq("limits", [3]int32{s.MaxBSONObjectSize, s.MaxMessageSizeBytes, s.MaxWriteBatchSize}, [3]int32{16777216, 48000000, 100000})
	eq("Compression", s.Compression, []string{"zstd", "snappy"})
	eq("SASLSupportedMechs", s.SASLSupportedMechs, []string{"SCRAM-SHA-256", "NEW-MECH"})
	eq("SpeculativeAuthenticate.conversationId", s.SpeculativeAuthenticate.Lookup("conversationId").Int32(), int32(1))
	eq("ServiceID", s.ServiceID.Hex(), "000000000000000000000099")
	eq("HelloOK", s.HelloOK, true)
	if s.LastUpdateTime.Before(before) {
		t.Errorf("LastUpdateTime %v is before the call", s.LastUpdateTime)
	}
	if s.RTT != 0 {
		t.Errorf("RTT = %v, want 0 (left to the caller)", s.RTT)
	}
}

func TestNewServerDefaults(t *testing.T) {
	s := description.NewServer("a", doc(t, `{"ok": 1, "logicalSessionTimeoutMinutes": null}`))
	if s.MaxBSONObjectSize != description.DefaultMaxBSONObjectSize ||
		s.MaxMessageSizeBytes != description.DefaultMaxMessageSizeBytes ||
		s.MaxWriteBatchSize != description.DefaultMaxWriteBatchSize {
		t.Errorf("limits = %d %d %d, want the defaults", s.MaxBSONObjectSize, s.MaxMessageSizeBytes, s.MaxWriteBatchSize)
	}
	if s.LogicalSessionTimeoutMinutes != nil || s.SetVersion != nil || s.ElectionID != nil || s.TopologyVersion != nil {
		t.Errorf("nullable fields set: %+v", s)
	}
	if s.Tags != nil || s.Hosts != nil || s.SpeculativeAuthenticate != nil || !s.OpTime.IsZero() {
		t.Errorf("absent fields set: %+v", s)
	}
}

// The description must not share memory with the reply: connections reuse
// their read buffers.
func TestNewServerCopiesReply(t *testing.T) {
	reply := doc(t, fullPrimary)
	s := description.NewServer("a", reply)
	for i := range reply {
		reply[i] = 0xEE
	}
	if s.SetName != "rs0" || s.Hosts[0] != "a.example.com:27017" || s.SpeculativeAuthenticate.Lookup("conversationId").Int32() != 1 {
		t.Fatalf("description changed with the reply buffer: %+v", s)
	}
	if err := s.Reply.Validate(); err != nil {
		t.Fatalf("Reply is not an intact copy: %v", err)
	}
}

func TestNewServerBadReplies(t *testing.T) {
	good := doc(t, `{"ok": 1, "hosts": ["a:1"]}`)
	tests := []struct {
		name  string
		reply bson.Raw
		field string // expected HelloError.Field
	}{
		{"nil", nil, ""},
		{"short", bson.Raw{1, 2}, ""},
		{"truncated", good[:len(good)-3], ""},
		{"length lies", append(bson.Raw{0xff, 0, 0, 0}, good[4:]...), ""},
		{"hosts not array", doc(t, `{"ok": 1, "hosts": "a:1"}`), "hosts"},
		{"host not string", doc(t, `{"ok": 1, "hosts": ["a:1", 2]}`), "hosts.1"},
		{"setName number", doc(t, `{"ok": 1, "setName": 5}`), "setName"},
		{"maxWireVersion string", doc(t, `{"ok": 1, "maxWireVersion": "25"}`), "maxWireVersion"},
		{"maxWireVersion fraction", doc(t, `{"ok": 1, "maxWireVersion": 2.5}`), "maxWireVersion"},
		{"maxWireVersion too big", doc(t, `{"ok": 1, "maxWireVersion": {"$numberLong": "4294967296"}}`), "maxWireVersion"},
		{"electionId string", doc(t, `{"ok": 1, "electionId": "x"}`), "electionId"},
		{"tags value", doc(t, `{"ok": 1, "tags": {"dc": 1}}`), "tags.dc"},
		{"topologyVersion counter", doc(t, `{"ok": 1, "topologyVersion": {"processId": {"$oid": "000000000000000000000001"}}}`), "topologyVersion.counter"},
		{"lastWriteDate", doc(t, `{"ok": 1, "lastWrite": {"lastWriteDate": 5}}`), "lastWrite.lastWriteDate"},
		{"maxBsonObjectSize negative", doc(t, `{"ok": 1, "maxBsonObjectSize": -1}`), "maxBsonObjectSize"},
		{"ok string", doc(t, `{"ok": "1"}`), "ok"},
		{"ok missing", doc(t, `{}`), "ok"},
		{"speculativeAuthenticate", doc(t, `{"ok": 1, "speculativeAuthenticate": 1}`), "speculativeAuthenticate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := description.NewServer("a", tt.reply)
			var he *description.HelloError
			if s.Type != description.Unknown || !errors.As(s.Error, &he) {
				t.Fatalf("got type %v error %v, want Unknown with a *HelloError", s.Type, s.Error)
			}
			if he.Field != tt.field {
				t.Fatalf("error field %q, want %q (%v)", he.Field, tt.field, he)
			}
			if s.Addr != "a:27017" || s.LastUpdateTime.IsZero() {
				t.Fatalf("address or time lost: %+v", s)
			}
		})
	}
}

func TestNewServerOKZero(t *testing.T) {
	s := description.NewServer("a", doc(t, `{"ok": 0, "errmsg": "not authorized", "code": 13, "codeName": "Unauthorized"}`))
	var he *description.HelloError
	if !errors.As(s.Error, &he) || he.Code != 13 || he.CodeName != "Unauthorized" || he.Problem != "not authorized" {
		t.Fatalf("error = %#v", s.Error)
	}
	want := `hello reply: not authorized (Unauthorized code 13)`
	if s.Error.Error() != want {
		t.Fatalf("message %q, want %q", s.Error.Error(), want)
	}
}

func TestUnknownServer(t *testing.T) {
	err := errors.New("connection refused")
	s := description.NewUnknownServer("B:27017", err)
	if s.Type != description.Unknown || s.Error != err || s.Addr != "b:27017" || s.LastUpdateTime.IsZero() {
		t.Fatalf("got %+v", s)
	}
}

func TestNormalizeAddr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a", "a:27017"},
		{"A:27018", "a:27018"},
		{"Host.Example.COM:1", "host.example.com:1"},
		{"[::1]", "[::1]:27017"},
		{"[::1]:27018", "[::1]:27018"},
		{"::1", "[::1]:27017"},
		{"[FE80::1]:5", "[fe80::1]:5"},
		{"/tmp/MongoDB-27017.sock", "/tmp/MongoDB-27017.sock"},
		{"a:", "a:27017"},
		{"127.0.0.1", "127.0.0.1:27017"},
	}
	for _, tt := range tests {
		if got := description.NormalizeAddr(tt.in); got != tt.want {
			t.Errorf("NormalizeAddr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestServerTypeNames(t *testing.T) {
	for ty := description.Unknown; ty <= description.LoadBalancer; ty++ {
		got, ok := description.ParseServerType(ty.String())
		if !ok || got != ty {
			t.Errorf("ParseServerType(%q) = %v, %v", ty.String(), got, ok)
		}
	}
	if got, ok := description.ParseServerType("PossiblePrimary"); !ok || got != description.Unknown {
		t.Errorf("PossiblePrimary = %v, %v", got, ok)
	}
	if _, ok := description.ParseServerType("Primary"); ok {
		t.Error("ParseServerType accepted an unknown name")
	}
	if s := description.ServerType(200).String(); s != "Unknown" {
		t.Errorf("out of range String = %q", s)
	}
	if !description.RSSecondary.DataBearing() || description.RSArbiter.DataBearing() || !description.LoadBalancer.DataBearing() {
		t.Error("DataBearing wrong")
	}
	if !description.RSGhost.ReplicaSetMember() || description.Mongos.ReplicaSetMember() {
		t.Error("ReplicaSetMember wrong")
	}
}

func TestCompareTopologyVersion(t *testing.T) {
	p1, p2 := bson.ObjectID{1}, bson.ObjectID{2}
	tv := func(p bson.ObjectID, c int64) *description.TopologyVersion {
		return &description.TopologyVersion{ProcessID: p, Counter: c}
	}
	tests := []struct {
		name      string
		cur, resp *description.TopologyVersion
		want      int
	}{
		{"both nil", nil, nil, 1},
		{"current nil", nil, tv(p1, 1), 1},
		{"response nil", tv(p1, 1), nil, 1},
		{"other process", tv(p1, 5), tv(p2, 1), 1},
		{"older", tv(p1, 5), tv(p1, 4), -1},
		{"same", tv(p1, 5), tv(p1, 5), 0},
		{"newer", tv(p1, 5), tv(p1, 6), 1},
	}
	for _, tt := range tests {
		if got := description.CompareTopologyVersion(tt.cur, tt.resp); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}
