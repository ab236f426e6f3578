package description_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
)

func TestEqual(t *testing.T) {
	base := func() description.Server { return description.NewServer("a", doc(t, fullPrimary)) }
	tests := []struct {
		name   string
		change func(*description.Server)
		equal  bool
	}{
		{"identical", func(*description.Server) {}, true},
		{"rtt", func(s *description.Server) { s.RTT = time.Second; s.MinRTT = time.Millisecond }, true},
		{"update time", func(s *description.Server) { s.LastUpdateTime = time.Time{} }, true},
		{"last write", func(s *description.Server) { s.LastWriteDate = time.Time{}; s.OpTime = bson.RawValue{} }, true},
		{"hosts reordered", func(s *description.Server) { s.Hosts = []string{s.Hosts[1], s.Hosts[0]} }, true},
		{"connection id", func(s *description.Server) { s.ConnectionID++ }, true},
		{"address", func(s *description.Server) { s.Addr = "b:27017" }, false},
		{"type", func(s *description.Server) { s.Type = description.RSSecondary }, false},
		{"error", func(s *description.Server) { s.Error = errors.New("x") }, false},
		{"wire", func(s *description.Server) { s.MaxWireVersion = 21 }, false},
		{"me", func(s *description.Server) { s.Me = "x:1" }, false},
		{"host added", func(s *description.Server) { s.Hosts = append(s.Hosts, "z:1") }, false},
		{"passives", func(s *description.Server) { s.Passives = nil }, false},
		{"arbiters", func(s *description.Server) { s.Arbiters = []string{"d:1"} }, false},
		{"tags", func(s *description.Server) { s.Tags = map[string]string{"dc": "west", "rack": "1"} }, false},
		{"set name", func(s *description.Server) { s.SetName = "other" }, false},
		{"set version nil", func(s *description.Server) { s.SetVersion = nil }, false},
		{"set version", func(s *description.Server) { v := int64(4); s.SetVersion = &v }, false},
		{"election id", func(s *description.Server) { s.ElectionID = &bson.ObjectID{9} }, false},
		{"primary", func(s *description.Server) { s.Primary = "" }, false},
		{"session timeout", func(s *description.Server) { s.LogicalSessionTimeoutMinutes = nil }, false},
		{"topology version", func(s *description.Server) {
			s.TopologyVersion = &description.TopologyVersion{ProcessID: s.TopologyVersion.ProcessID, Counter: 7}
		}, false},
		{"cryptd", func(s *description.Server) { s.IsCryptd = true }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := base(), base()
			tt.change(&b)
			if got := a.Equal(b); got != tt.equal {
				t.Fatalf("Equal = %v, want %v", got, tt.equal)
			}
			if got := b.Equal(a); got != tt.equal {
				t.Fatalf("Equal is not symmetric")
			}
		})
	}
}

func TestEqualErrorsByMessage(t *testing.T) {
	a := description.NewUnknownServer("a", errors.New("refused"))
	b := description.NewUnknownServer("a", errors.New("refused"))
	if !a.Equal(b) {
		t.Fatal("errors with the same message differ")
	}
	if a.Equal(description.NewUnknownServer("a", nil)) {
		t.Fatal("an error equals no error")
	}
}
