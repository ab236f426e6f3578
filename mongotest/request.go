package mongotest

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/wire"
)

// request is one command as a handler sees it.
type request struct {
	c    *conn
	ctx  context.Context // ends when the connection or the server closes
	name string          // the command name as sent (first key of the body)
	db   string          // $db
	body bson.Raw
	msg  wire.Msg // the OP_MSG, for its document sequences; zero for OP_QUERY

	legacy     bool // arrived as OP_QUERY
	exhaust    bool // exhaustAllowed was set
	moreToCome bool // the client wants no reply
	recyclable bool // the reply body is execute's own buffer, shared with nothing
}

// arg returns a top-level field of the command body.
func (r *request) arg(name string) bson.RawValue { return r.body.Lookup(name) }

// docs returns the documents of a field that may travel as a document
// sequence or as an array in the body (insert "documents", update
// "updates", delete "deletes", bulkWrite "ops" and "nsInfo"). present says
// whether the field was there at all.
func (r *request) docs(field string) (docs []bson.Raw, present bool, err error) {
	seq, inSeq := r.msg.Sequence(field)
	inBody := r.arg(field)
	if inSeq && inBody.Type != 0 {
		return nil, true, errorf(codeBadValue, "Duplicate field %s", field)
	}
	if inSeq {
		for d := range seq.All() {
			if err := d.Validate(); err != nil {
				return nil, true, errorf(codeInvalidBSON, "invalid document in %s: %v", field, err)
			}
			docs = append(docs, d)
		}
		return docs, true, nil
	}
	if inBody.Type == 0 {
		return nil, false, nil
	}
	if inBody.Type != bson.TypeArray {
		return nil, true, typeMismatch(r.name, field, inBody, "array")
	}
	it := bson.Raw(inBody.Value).Iter()
	for it.Next() {
		v := it.Value()
		if v.Type != bson.TypeEmbeddedDoc {
			return nil, true, typeMismatch(r.name, field+"."+it.Key(), v, "object")
		}
		docs = append(docs, bson.Raw(v.Value))
	}
	return docs, true, nil
}

// typeMismatch is the IDL parser's error for a field of the wrong type.
func typeMismatch(cmd, field string, v bson.RawValue, want string) *cmdError {
	return errorf(codeTypeMismatch, "BSON field '%s.%s' is the wrong type '%s', expected type '%s'",
		cmd, field, typeAlias(v.Type), want)
}

// typeAlias is the $type name of t, as mongod's messages use it.
func typeAlias(t bson.Type) string {
	switch t {
	case bson.TypeDouble:
		return "double"
	case bson.TypeString:
		return "string"
	case bson.TypeEmbeddedDoc:
		return "object"
	case bson.TypeArray:
		return "array"
	case bson.TypeBinary:
		return "binData"
	case bson.TypeUndefined:
		return "undefined"
	case bson.TypeObjectID:
		return "objectId"
	case bson.TypeBoolean:
		return "bool"
	case bson.TypeDateTime:
		return "date"
	case bson.TypeNull:
		return "null"
	case bson.TypeRegex:
		return "regex"
	case bson.TypeDBPointer:
		return "dbPointer"
	case bson.TypeJavaScript:
		return "javascript"
	case bson.TypeSymbol:
		return "symbol"
	case bson.TypeCodeWithScope:
		return "javascriptWithScope"
	case bson.TypeInt32:
		return "int"
	case bson.TypeTimestamp:
		return "timestamp"
	case bson.TypeInt64:
		return "long"
	case bson.TypeDecimal128:
		return "decimal"
	case bson.TypeMinKey:
		return "minKey"
	case bson.TypeMaxKey:
		return "maxKey"
	}
	return "missing"
}
