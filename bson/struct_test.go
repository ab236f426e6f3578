package bson_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cwal-go/cwal/bson"
)

type Inner1 struct {
	X int
	Y int
}

type Inner2 struct {
	X int
	Z int
}

// Two inlined structs both have X at the same depth: an error.
type sameDepthDup struct {
	Inner1 `bson:",inline"`
	Inner2 `bson:",inline"`
}

// The outer X is shallower than Inner1.X and wins.
type shallowWins struct {
	Inner1 `bson:",inline"`
	X      string
}

type twoMaps struct {
	A map[string]any `bson:",inline"`
	B map[string]any `bson:",inline"`
}

type intKeyInline struct {
	M map[int]any `bson:",inline"`
}

type SelfInline struct {
	*SelfInline `bson:",inline"`
}

type inlineMapCollision struct {
	A int
	M map[string]int `bson:",inline"`
}

func TestStructLayout(t *testing.T) {
	b, err := bson.Marshal(shallowWins{Inner1: Inner1{X: 1, Y: 2}, X: "outer"})
	// Fields keep declaration order: Inner1.Y (index 0.1) before X (index 1).
	if err != nil || !bytes.Equal(b, doc(i32("y", 2), str("x", "outer"))) {
		t.Fatalf("shallower field: %x %v", b, err)
	}
	var sw shallowWins
	if err := bson.Unmarshal(doc(str("x", "o"), i32("y", 5)), &sw); err != nil || sw.X != "o" || sw.Y != 5 || sw.Inner1.X != 0 {
		t.Fatalf("decode shallower field: %+v %v", sw, err)
	}
	for _, v := range []any{sameDepthDup{}, &sameDepthDup{}} {
		if _, err := bson.Marshal(v); !errors.Is(err, bson.ErrDuplicateField) {
			t.Errorf("Marshal(%T) = %v, want ErrDuplicateField", v, err)
		}
		if err := bson.Unmarshal(doc(), &sameDepthDup{}); !errors.Is(err, bson.ErrDuplicateField) {
			t.Errorf("Unmarshal into %T = %v, want ErrDuplicateField", v, err)
		}
	}
	for _, v := range []any{twoMaps{}, intKeyInline{}, SelfInline{}} {
		if _, err := bson.Marshal(v); !errors.Is(err, bson.ErrInvalidTag) {
			t.Errorf("Marshal(%T) = %v, want ErrInvalidTag", v, err)
		}
	}
	_, err = bson.Marshal(inlineMapCollision{A: 1, M: map[string]int{"a": 2}})
	if !errors.Is(err, bson.ErrDuplicateField) {
		t.Errorf("inline map key colliding with a field: %v", err)
	}
}

func TestStructTags(t *testing.T) {
	type tags struct {
		Renamed  int `bson:"r"`
		Default  int
		Dash     int `bson:"-"`
		DashName int `bson:"-,"` // a key named "-"
		Comma    int `bson:",omitempty"`
		Json     int `json:"j"` // only bson tags count
	}
	b, err := bson.Marshal(tags{1, 2, 3, 4, 0, 6})
	want := doc(i32("r", 1), i32("default", 2), i32("-", 4), i32("json", 6))
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("Marshal = %x, %v\nwant %x", b, err, want)
	}
	var out tags
	if err := bson.Unmarshal(want, &out); err != nil || !reflect.DeepEqual(out, tags{Renamed: 1, Default: 2, DashName: 4, Json: 6}) {
		t.Fatalf("Unmarshal = %+v, %v", out, err)
	}
}

func TestStructRecursiveTypes(t *testing.T) {
	type tree struct {
		V    int
		Kids []tree
		Next *tree            `bson:",omitempty"`
		M    map[string]*tree `bson:",omitempty"`
	}
	in := tree{V: 1, Kids: []tree{{V: 2, Kids: []tree{}}}, Next: &tree{V: 3, Kids: []tree{}}, M: map[string]*tree{"a": {V: 4, Kids: []tree{}}}}
	b, err := bson.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out tree
	if err := bson.Unmarshal(b, &out); err != nil || !reflect.DeepEqual(out, in) {
		t.Fatalf("round trip = %+v, %v", out, err)
	}
}

// TestKeyChecks runs the key and string checks over keys of every length
// up to 20 with a bad byte at every position, at several offsets in the
// output, against the exact rule.
func TestKeyChecks(t *testing.T) {
	bad := []string{"\x00", "\xff", "\xc3"}
	good := []string{"a", "é", "日"}
	for n := 0; n <= 20; n++ {
		for pos := 0; pos < n; pos++ {
			for _, c := range append(bad, good...) {
				key := strings.Repeat("k", pos) + c + strings.Repeat("k", n-pos-1)
				wantOK := !strings.Contains(key, "\x00") && utf8.ValidString(key)
				for _, prefix := range []string{"", "p", "prefix_"} {
					d := bson.D{{Key: prefix, Value: 1}, {Key: key, Value: key}}
					if prefix == "" {
						d = d[1:]
					}
					_, err := bson.Marshal(d)
					switch {
					case wantOK && err != nil:
						t.Errorf("key %q rejected: %v", key, err)
					case !wantOK && err == nil:
						t.Errorf("key %q accepted", key)
					}
					wantStrOK := utf8.ValidString(key)
					_, err = bson.Marshal(bson.D{{Key: "s", Value: key}})
					if wantStrOK != (err == nil) {
						t.Errorf("string %q: err %v, want ok=%v", key, err, wantStrOK)
					}
				}
			}
		}
	}
}
