package unified_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/spec-tests/unified"
)

func TestParseVersion(t *testing.T) {
	cases := []struct {
		in   string
		want unified.Version
		ok   bool
	}{
		{"1.0", unified.Version{Major: 1}, true},
		{"4.2.99", unified.Version{Major: 4, Minor: 2, Patch: 99}, true},
		{"1.26", unified.Version{Major: 1, Minor: 26}, true},
		{"1", unified.Version{}, false},
		{"1.2.3.4", unified.Version{}, false},
		{"1.x", unified.Version{}, false},
		{"1.-2", unified.Version{}, false},
		{"1.+2", unified.Version{}, false},
		{"", unified.Version{}, false},
		{"1..2", unified.Version{}, false},
	}
	for _, c := range cases {
		got, err := unified.ParseVersion(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestParseServerVersion(t *testing.T) {
	cases := []struct {
		in   string
		want unified.Version
		ok   bool
	}{
		{"8.0.4", unified.Version{Major: 8, Patch: 4}, true},
		{"4.9.0-alpha4-271-g7d5cf02", unified.Version{Major: 4, Minor: 9}, true},
		{"7.0", unified.Version{Major: 7}, true},
		{"7", unified.Version{Major: 7}, true},
		{"8.1.0-rc0", unified.Version{Major: 8, Minor: 1}, true},
		{"", unified.Version{}, false},
		{"abc", unified.Version{}, false},
	}
	for _, c := range cases {
		got, err := unified.ParseServerVersion(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseServerVersion(%q) = %v, %v; want %v ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	v := func(s string) unified.Version {
		x, err := unified.ParseServerVersion(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	cases := []struct {
		a, b string
		want int
	}{
		{"4.0.10", "4.0.9", 1}, {"4.0.10", "3.6", 1}, {"4.0.10", "4.2.0", -1},
		{"4.2", "4.2.0", 0}, {"10.0", "9.9.9", 1}, {"8.0.0", "8.0.1", -1},
	}
	for _, c := range cases {
		if got := v(c.a).Compare(v(c.b)); got != c.want {
			t.Errorf("%s vs %s = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestSchemaSupported(t *testing.T) {
	cases := []struct {
		v  string
		ok bool
	}{
		{"1.0", true}, {"1.26", true}, {"1.26.3", true}, {"1.5.1", true},
		{"1.27", false}, {"1.28", false}, {"0.1", false}, {"2.0", false},
	}
	for _, c := range cases {
		v, err := unified.ParseVersion(c.v)
		if err != nil {
			t.Fatal(err)
		}
		ok, reason := unified.SchemaSupported(v)
		if ok != c.ok || (!ok && reason == "") {
			t.Errorf("SchemaSupported(%s) = %v %q, want %v", c.v, ok, reason, c.ok)
		}
	}
}

func TestParseUnsupportedSchema(t *testing.T) {
	f, err := unified.Parse([]byte(`{"description": "d", "schemaVersion": "1.99",
		"tests": [{"description": "a", "operations": [], "newField": 1}, {"description": "b"}]}`))
	if !errors.Is(err, unified.ErrUnsupportedSchema) {
		t.Fatalf("want ErrUnsupportedSchema, got %v", err)
	}
	var ue *unified.UnsupportedSchemaError
	if !errors.As(err, &ue) || ue.Version != (unified.Version{Major: 1, Minor: 99}) {
		t.Fatalf("want *UnsupportedSchemaError for 1.99, got %#v", err)
	}
	if f == nil || len(f.Tests) != 2 || f.Tests[0].Description != "a" || f.Tests[1].Description != "b" {
		t.Fatalf("want the two test descriptions, got %+v", f)
	}
}
