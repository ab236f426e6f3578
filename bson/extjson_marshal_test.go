package bson_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

func TestMarshalExtJSON(t *testing.T) {
	d := bson.D{{Key: "a<", Value: "<&>"}, {Key: "n", Value: int32(1)}, {Key: "l", Value: int64(2)}}
	tests := []struct {
		canonical, escapeHTML bool
		want                  string
	}{
		{false, false, `{"a<":"<&>","n":1,"l":2}`},
		{false, true, `{"a\u003c":"\u003c\u0026\u003e","n":1,"l":2}`},
		{true, false, `{"a<":"<&>","n":{"$numberInt":"1"},"l":{"$numberLong":"2"}}`},
	}
	for _, tc := range tests {
		got, err := bson.MarshalExtJSON(d, tc.canonical, tc.escapeHTML)
		if err != nil || string(got) != tc.want {
			t.Errorf("MarshalExtJSON(canonical=%v, escapeHTML=%v) = %s, %v; want %s", tc.canonical, tc.escapeHTML, got, err, tc.want)
		}
		var back bson.D
		if err := bson.UnmarshalExtJSON(got, tc.canonical, &back); err != nil {
			t.Fatalf("UnmarshalExtJSON(%s): %v", got, err)
		}
		if tc.canonical && !reflect.DeepEqual(back, d) {
			t.Errorf("UnmarshalExtJSON(%s) = %#v, want %#v", got, back, d)
		}
	}
	if _, err := bson.MarshalExtJSON(42, true, false); err == nil {
		t.Error("MarshalExtJSON(42) made a document")
	}
	var back bson.D
	var ee *bson.ExtJSONError
	if err := bson.UnmarshalExtJSON([]byte(`{"a":1}`), true, &back); !errors.As(err, &ee) {
		t.Errorf("UnmarshalExtJSON of relaxed input with canonical = %v, want an *ExtJSONError", err)
	}
}
