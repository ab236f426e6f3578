package engine

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// ValidateForStorage checks what the server checks before it stores a
// document (insert, replacement, update result): the type of _id, and that
// _id holds no $-prefixed field names. Dotted and $-prefixed names
// elsewhere are stored as given, as in MongoDB 5.0 and later.
func ValidateForStorage(doc bson.Raw) error {
	if err := doc.Validate(); err != nil {
		return malformed(err)
	}
	return checkStorage(doc)
}

func checkStorage(doc bson.Raw) error {
	id := doc.Lookup("_id")
	switch id.Type {
	case bson.TypeArray, bson.TypeRegex, bson.TypeUndefined:
		return errorf(CodeInvalidIDField, "The '_id' value cannot be of type %s", typeName(id.Type))
	case bson.TypeEmbeddedDoc:
		return checkIDDoc(bson.Raw(id.Value))
	}
	return nil
}

func checkIDDoc(d bson.Raw) error {
	it := d.Iter()
	for it.Next() {
		k := it.Key()
		if strings.HasPrefix(k, "$") && k != "$id" && k != "$ref" && k != "$db" {
			return errorf(CodeDollarPrefixedFieldName, "_id fields may not contain '$'-prefixed fields: %s is not valid for storage.", k)
		}
		if v := it.Value(); v.Type == bson.TypeEmbeddedDoc {
			if err := checkIDDoc(bson.Raw(v.Value)); err != nil {
				return err
			}
		}
	}
	return nil
}

// PrepareForInsert readies a document for storage as an insert does: it
// validates it (ValidateForStorage), gives it an _id (env's NewID, an
// ObjectId by default) when it has none, and moves _id to the front. It
// returns the document to store and its _id.
func PrepareForInsert(doc bson.Raw, env *Env) (bson.Raw, bson.RawValue, error) {
	if err := ValidateForStorage(doc); err != nil {
		return nil, bson.RawValue{}, err
	}
	id := doc.Lookup("_id")
	if id.Type == 0 {
		id = bson.RawValue{Type: bson.TypeObjectID, Value: bson.AppendObjectID(nil, envOrDefault(env).newID())}
	}
	return withIDFirst(doc, id), id, nil
}
