package description_test

import (
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// doc converts extended JSON to a BSON document or fails the test.
func doc(t testing.TB, js string) bson.Raw {
	t.Helper()
	b, err := bson.ParseExtJSON(nil, []byte(js), false)
	if err != nil {
		t.Fatalf("bad test JSON %s: %v", js, err)
	}
	return b
}
