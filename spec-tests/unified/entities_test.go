package unified_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

type fakeSession struct{ lsid bson.Raw }

func (s *fakeSession) SessionID() bson.Raw { return s.lsid }

type fakeClient struct{ name string }

func TestEntityMap(t *testing.T) {
	m := unified.NewEntityMap()
	c := &fakeClient{name: "c0"}
	if err := m.Add("client0", unified.KindClient, c); err != nil {
		t.Fatal(err)
	}
	if err := m.Add("client0", unified.KindClient, c); !errors.Is(err, unified.ErrDuplicateEntity) {
		t.Fatalf("duplicate: got %v", err)
	}
	got, err := unified.Lookup[*fakeClient](m, "client0", unified.KindClient)
	if err != nil || got != c {
		t.Fatalf("Lookup = %v, %v", got, err)
	}
	if _, err := m.Get("client1", unified.KindClient); !errors.Is(err, unified.ErrNoEntity) {
		t.Fatalf("missing: got %v", err)
	}
	if _, err := m.Get("client0", unified.KindSession); !errors.Is(err, unified.ErrEntityKind) {
		t.Fatalf("wrong kind: got %v", err)
	}
	if _, err := unified.Lookup[*fakeSession](m, "client0", unified.KindClient); !errors.Is(err, unified.ErrEntityKind) {
		t.Fatalf("wrong Go type: got %v", err)
	}
	if err := m.Add("bad", unified.KindBSON, 5); err == nil {
		t.Fatal("a BSON entity must be a bson.RawValue")
	}
	if err := m.AddBSON("id0", val(t, `{"$oid": "57e193d7a9cc81b4027498b5"}`)); err != nil {
		t.Fatal(err)
	}
	lsid := doc(t, `{"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}}`)
	if err := m.Add("session0", unified.KindSession, &fakeSession{lsid: lsid}); err != nil {
		t.Fatal(err)
	}
	// The map is the matcher's EntityLookup.
	opts := unified.MatchOptions{Entities: m}
	if err := unified.Match(val(t, `{"_id": {"$$matchesEntity": "id0"}, "lsid": {"$$sessionLsid": "session0"}}`),
		val(t, `{"_id": {"$oid": "57e193d7a9cc81b4027498b5"}, "lsid": {"id": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAA==", "subType": "04"}}}}`), opts); err != nil {
		t.Fatal(err)
	}
	if err := unified.Match(val(t, `{"$$matchesEntity": "client0"}`), val(t, `1`), opts); !errors.Is(err, unified.ErrEntityKind) {
		t.Fatalf("matchesEntity on a client: got %v", err)
	}
	if names := m.Names(); len(names) != 3 || names[0] != "client0" || names[2] != "session0" {
		t.Fatalf("Names = %v", names)
	}
	if s := m.ByKind(unified.KindSession); len(s) != 1 || s[0] != "session0" {
		t.Fatalf("ByKind = %v", s)
	}
	if k, ok := m.Kind("id0"); !ok || k != unified.KindBSON {
		t.Fatalf("Kind = %v %v", k, ok)
	}
}

func TestEntityMapConcurrent(t *testing.T) {
	m := unified.NewEntityMap()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Every goroutine tries the same name: exactly one must win.
			if err := m.AddBSON("shared", val(t, `1`)); err == nil {
				errs <- nil
			}
			_, _ = m.BSON("shared")
			_ = m.Names()
		}(i)
	}
	wg.Wait()
	close(errs)
	if n := len(errs); n != 1 {
		t.Fatalf("%d goroutines added the same name, want 1", n)
	}
}
