package pool_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/connstring"
	"github.com/cwal-go/cwal/pool"
)

// TestServerAPIHandshake: with a declared API version the handshake is
// hello (never the legacy isMaster) and carries the API fields that are
// set (versioned API specification); without one, none.
func TestServerAPIHandshake(t *testing.T) {
	tests := []struct {
		name      string
		api       *pool.ServerAPI
		command   string
		version   string
		strict    *bool
		deprecErr *bool
	}{
		{"none", nil, "isMaster", "", nil, nil},
		{"version only", &pool.ServerAPI{Version: "1"}, "hello", "1", nil, nil},
		{"flags set to false", &pool.ServerAPI{Version: "1", Strict: connstring.Some(false), DeprecationErrors: connstring.Some(false)},
			"hello", "1", ptr(false), ptr(false)},
		{"strict", &pool.ServerAPI{Version: "1", Strict: connstring.Some(true)}, "hello", "1", ptr(true), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFakeServer(t, fakeOptions{})
			c := dialFake(t, s, pool.ConnConfig{ServerAPI: tt.api})
			if c.ServerAPI() != tt.api {
				t.Fatalf("ServerAPI() = %v, want %v", c.ServerAPI(), tt.api)
			}
			hellos := s.Hellos()
			if len(hellos) != 1 {
				t.Fatalf("%d handshakes", len(hellos))
			}
			h := hellos[0]
			it := h.Iter()
			if it.Next(); it.Key() != tt.command {
				t.Errorf("handshake command %q, want %q", it.Key(), tt.command)
			}
			if got := h.Lookup("apiVersion").StringValue(); got != tt.version {
				t.Errorf("apiVersion %q, want %q", got, tt.version)
			}
			checkFlag(t, h.Lookup("apiStrict"), tt.strict)
			checkFlag(t, h.Lookup("apiDeprecationErrors"), tt.deprecErr)
		})
	}
}

func ptr(b bool) *bool { return &b }

// checkFlag fails unless v is absent when want is nil, else the boolean
// *want.
func checkFlag(t *testing.T, v bson.RawValue, want *bool) {
	t.Helper()
	b, ok := v.BooleanOK()
	switch {
	case want == nil && !v.IsZero():
		t.Errorf("flag sent: %s", v)
	case want != nil && (!ok || b != *want):
		t.Errorf("flag = %s, want %v", v, *want)
	}
}

func TestServerAPIValidate(t *testing.T) {
	var none *pool.ServerAPI
	if err := none.Validate(); err != nil {
		t.Errorf("nil: %v", err)
	}
	if got := none.AppendElements([]byte("x")); string(got) != "x" {
		t.Errorf("nil appended %q", got)
	}
	if err := (&pool.ServerAPI{Version: "1"}).Validate(); err != nil {
		t.Errorf("version 1: %v", err)
	}
	for _, v := range []string{"", "2", "1.0"} {
		if err := (&pool.ServerAPI{Version: v}).Validate(); !errors.Is(err, pool.ErrUnknownServerAPIVersion) {
			t.Errorf("version %q: err = %v", v, err)
		}
	}
}
