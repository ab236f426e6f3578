package description_test

import (
	"strings"
	"testing"

	"github.com/cwal-go/cwal/description"
)

// FuzzNewServer checks that no reply makes NewServer panic and that the
// result is consistent: Unknown exactly when there is an error, addresses
// normalized, Equal reflexive.
func FuzzNewServer(f *testing.F) {
	f.Add([]byte(doc(f, fullPrimary)))
	f.Add([]byte(doc(f, `{"ok": 1, "isreplicaset": true}`)))
	f.Add([]byte(doc(f, `{"ok": 0, "errmsg": "x", "code": 13}`)))
	f.Fuzz(func(t *testing.T, reply []byte) {
		s := description.NewServer("Fuzz:1", reply)
		if (s.Type == description.Unknown) != (s.Error != nil) {
			t.Fatalf("type %v with error %v", s.Type, s.Error)
		}
		for _, h := range append(append(append([]string{s.Me, s.Primary}, s.Hosts...), s.Passives...), s.Arbiters...) {
			if h != "" && !strings.HasSuffix(h, ".sock") && !strings.HasPrefix(h, "/") && h != description.NormalizeAddr(h) {
				t.Fatalf("address %q is not normalized", h)
			}
		}
		if !s.Equal(s) {
			t.Fatal("a description differs from itself")
		}
	})
}
