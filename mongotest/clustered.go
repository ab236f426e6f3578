package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// clusteredIndex reads create's clusteredIndex option as mongod 8.0 takes
// it: key {_id: 1} and unique: true are required, the name defaults to
// _id_. It returns the option as listCollections shows it ({v, key, name,
// unique}) and the spec of the collection's _id index, which listIndexes
// shows with clustered: true.
func clusteredIndex(d bson.Raw) (bson.Raw, *store.IndexSpec, error) {
	key, ok := d.Lookup("key").DocumentOK()
	one, _ := key.Lookup("_id").AsFloat64OK()
	if !ok || key.Len() != 1 || one != 1 {
		return nil, nil, errorf(codeInvalidOptions, "The clusteredIndex option is only supported for key: {_id: 1}")
	}
	if u := d.Lookup("unique"); u.Type != bson.TypeBoolean || !u.Boolean() {
		return nil, nil, errorf(codeInvalidOptions, "The clusteredIndex option requires unique: true")
	}
	name := "_id_"
	if n, ok := d.Lookup("name").StringValueOK(); ok {
		name = n
	}
	opt := rawDoc(func(bl *builder) {
		bl.int32("v", 2).doc("key", key).str("name", name).bool("unique", true)
	})
	spec := rawDoc(func(bl *builder) {
		bl.int32("v", 2).doc("key", key).str("name", name).bool("unique", true).bool("clustered", true)
	})
	return opt, &store.IndexSpec{Name: name, Key: key, Unique: true, Spec: spec}, nil
}
