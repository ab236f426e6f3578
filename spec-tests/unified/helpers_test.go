package unified_test

import (
	"os"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// doc parses an extended JSON object.
func doc(t testing.TB, js string) bson.Raw {
	t.Helper()
	b, err := bson.ParseExtJSON(nil, []byte(js), false)
	if err != nil {
		t.Fatalf("bad test JSON %s: %v", js, err)
	}
	return b
}

// val parses any extended JSON value; "" gives the zero value (absent).
func val(t testing.TB, js string) bson.RawValue {
	t.Helper()
	if js == "" {
		return bson.RawValue{}
	}
	return doc(t, `{"v":`+js+`}`).Lookup("v")
}

// fakeEntities is an EntityLookup for tests.
type fakeEntities struct {
	values map[string]bson.RawValue
	lsids  map[string]bson.Raw
}

func (f fakeEntities) EntityValue(name string) (bson.RawValue, error) {
	if v, ok := f.values[name]; ok {
		return v, nil
	}
	return bson.RawValue{}, errNoEntity(name)
}

func (f fakeEntities) SessionLsid(name string) (bson.Raw, error) {
	if v, ok := f.lsids[name]; ok {
		return v, nil
	}
	return nil, errNoEntity(name)
}

type errNoEntity string

func (e errNoEntity) Error() string { return "no entity " + string(e) }

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }
