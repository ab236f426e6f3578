package description

import (
	"math"
	"strconv"

	"github.com/cwal-go/cwal/bson"
)

// The value readers below turn one reply field into a Go value or a
// *HelloError naming the field. Numbers may arrive as int32, int64 or an
// integral double, as servers and proxies differ.

func typeErr(field, want string, v bson.RawValue) error {
	return fieldErr(field, "expected "+want+", got "+v.Type.String())
}

func okValue(v bson.RawValue) (bool, error) {
	if b, ok := v.BooleanOK(); ok {
		return b, nil
	}
	f, ok := v.AsFloat64OK()
	if !ok {
		return false, typeErr("ok", "a number", v)
	}
	return f == 1, nil
}

// boolValue accepts a boolean or, as legacy servers sent, a number.
func boolValue(field string, v bson.RawValue) (bool, error) {
	if b, ok := v.BooleanOK(); ok {
		return b, nil
	}
	if f, ok := v.AsFloat64OK(); ok {
		return f != 0, nil
	}
	return false, typeErr(field, "a boolean", v)
}

func stringValue(field string, v bson.RawValue) (string, error) {
	s, ok := v.StringValueOK()
	if !ok {
		return "", typeErr(field, "a string", v)
	}
	return s, nil
}

func addrValue(field string, v bson.RawValue) (string, error) {
	s, err := stringValue(field, v)
	if err != nil || s == "" {
		return s, err
	}
	return NormalizeAddr(s), nil
}

func int64Value(field string, v bson.RawValue) (int64, error) {
	n, ok := v.AsInt64OK()
	if !ok {
		return 0, typeErr(field, "an integer", v)
	}
	return n, nil
}

func int64Ptr(field string, v bson.RawValue) (*int64, error) {
	n, err := int64Value(field, v)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

func int32Value(field string, v bson.RawValue) (int32, error) {
	n, err := int64Value(field, v)
	if err == nil && (n < math.MinInt32 || n > math.MaxInt32) {
		err = fieldErr(field, strconv.FormatInt(n, 10)+" is out of the int32 range")
	}
	return int32(n), err
}

func positiveInt32(field string, v bson.RawValue) (int32, error) {
	n, err := int32Value(field, v)
	if err == nil && n <= 0 {
		err = fieldErr(field, strconv.Itoa(int(n))+" is not positive")
	}
	return n, err
}

func objectIDPtr(field string, v bson.RawValue) (*bson.ObjectID, error) {
	id, ok := v.ObjectIDOK()
	if !ok {
		return nil, typeErr(field, "an ObjectId", v)
	}
	return &id, nil
}

// stringList reads an array of strings; addrs normalizes each one.
func stringList(field string, v bson.RawValue, addrs bool) ([]string, error) {
	arr, ok := v.ArrayOK()
	if !ok {
		return nil, typeErr(field, "an array", v)
	}
	var out []string
	it := arr.Iter()
	for it.Next() {
		s, ok := it.Value().StringValueOK()
		if !ok {
			return nil, typeErr(field+"."+it.Key(), "a string", it.Value())
		}
		if addrs {
			s = NormalizeAddr(s)
		}
		out = append(out, s)
	}
	if err := it.Err(); err != nil {
		return nil, fieldErr(field, "malformed array: "+err.Error())
	}
	return out, nil
}

// mechList reads saslSupportedMechs without validating it, as the
// handshake specification requires: entries that are not strings are
// dropped, a field that is not an array is ignored.
func mechList(v bson.RawValue) []string {
	arr, _ := v.ArrayOK()
	var out []string
	it := arr.Iter()
	for it.Next() {
		if s, ok := it.Value().StringValueOK(); ok {
			out = append(out, s)
		}
	}
	return out
}

func tagsValue(v bson.RawValue) (map[string]string, error) {
	doc, ok := v.DocumentOK()
	if !ok {
		return nil, typeErr("tags", "a document", v)
	}
	tags := map[string]string{}
	it := doc.Iter()
	for it.Next() {
		s, ok := it.Value().StringValueOK()
		if !ok {
			return nil, typeErr("tags."+it.Key(), "a string", it.Value())
		}
		tags[it.Key()] = s
	}
	if err := it.Err(); err != nil {
		return nil, fieldErr("tags", "malformed document: "+err.Error())
	}
	if len(tags) == 0 {
		return nil, nil
	}
	return tags, nil
}

func topologyVersionValue(v bson.RawValue) (*TopologyVersion, error) {
	doc, ok := v.DocumentOK()
	if !ok {
		return nil, typeErr("topologyVersion", "a document", v)
	}
	pid, ok := doc.Lookup("processId").ObjectIDOK()
	if !ok {
		return nil, typeErr("topologyVersion.processId", "an ObjectId", doc.Lookup("processId"))
	}
	counter, ok := doc.Lookup("counter").AsInt64OK()
	if !ok {
		return nil, typeErr("topologyVersion.counter", "an integer", doc.Lookup("counter"))
	}
	return &TopologyVersion{ProcessID: pid, Counter: counter}, nil
}

func lastWriteValue(v bson.RawValue, s *Server) error {
	doc, ok := v.DocumentOK()
	if !ok {
		return typeErr("lastWrite", "a document", v)
	}
	if d := doc.Lookup("lastWriteDate"); d.Type != 0 && d.Type != bson.TypeNull {
		dt, ok := d.DateTimeOK()
		if !ok {
			return typeErr("lastWrite.lastWriteDate", "a date", d)
		}
		s.LastWriteDate = dt.Time()
	}
	if op := doc.Lookup("opTime"); op.Type != bson.TypeNull {
		s.OpTime = op
	}
	return nil
}
