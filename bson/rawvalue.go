package bson

import (
	"encoding/binary"
	"math"
	"time"
)

// RawValue is one encoded value and its type. Value is a view into the
// document it came from. The zero RawValue (Type 0) means "no value".
//
// The accessors never panic: one called on a value of another type, or on
// malformed bytes, returns the zero result (and false from its OK form).
type RawValue struct {
	Type  Type
	Value []byte
}

// IsZero reports whether v holds no value, as Lookup returns for a missing key.
func (v RawValue) IsZero() bool { return v.Type == 0 }

// Validate checks v's bytes for its type, recursively.
func (v RawValue) Validate() error {
	n, err := valueLen(v.Type, v.Value, 0, 0)
	if err != nil {
		return err
	}
	if n != len(v.Value) {
		return decodeErr(n, "value has trailing bytes")
	}
	return validateValue(v.Type, v.Value, 0, n, 0)
}

func (v RawValue) fixed(t Type) ([]byte, bool) {
	if v.Type != t || len(v.Value) < t.fixedSize() {
		return nil, false
	}
	return v.Value, true
}

// DoubleOK returns the value of a double.
func (v RawValue) DoubleOK() (float64, bool) {
	b, ok := v.fixed(TypeDouble)
	if !ok {
		return 0, false
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b)), true
}

// Double returns the value of a double, or 0.
func (v RawValue) Double() float64 { f, _ := v.DoubleOK(); return f }

// Int32OK returns the value of an int32.
func (v RawValue) Int32OK() (int32, bool) {
	b, ok := v.fixed(TypeInt32)
	if !ok {
		return 0, false
	}
	return int32(binary.LittleEndian.Uint32(b)), true
}

// Int32 returns the value of an int32, or 0.
func (v RawValue) Int32() int32 { n, _ := v.Int32OK(); return n }

// Int64OK returns the value of an int64.
func (v RawValue) Int64OK() (int64, bool) {
	b, ok := v.fixed(TypeInt64)
	if !ok {
		return 0, false
	}
	return int64(binary.LittleEndian.Uint64(b)), true
}

// Int64 returns the value of an int64, or 0.
func (v RawValue) Int64() int64 { n, _ := v.Int64OK(); return n }

// AsInt64OK converts an int32, int64, or a double with an integral value in
// range to int64, as servers do when reading numeric options.
func (v RawValue) AsInt64OK() (int64, bool) {
	switch v.Type {
	case TypeInt32:
		n, ok := v.Int32OK()
		return int64(n), ok
	case TypeInt64:
		return v.Int64OK()
	case TypeDouble:
		f, ok := v.DoubleOK()
		if !ok || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
			return 0, false
		}
		return int64(f), true
	}
	return 0, false
}

// AsFloat64OK converts any of double, int32 and int64 to float64.
func (v RawValue) AsFloat64OK() (float64, bool) {
	switch v.Type {
	case TypeInt32:
		n, ok := v.Int32OK()
		return float64(n), ok
	case TypeInt64:
		n, ok := v.Int64OK()
		return float64(n), ok
	}
	return v.DoubleOK()
}

// BooleanOK returns the value of a boolean.
func (v RawValue) BooleanOK() (bool, bool) {
	b, ok := v.fixed(TypeBoolean)
	if !ok {
		return false, false
	}
	return b[0] != 0, true
}

// Boolean returns the value of a boolean, or false.
func (v RawValue) Boolean() bool { b, _ := v.BooleanOK(); return b }

// stringBytes returns the bytes of a string-shaped value without the
// length prefix and NUL.
func stringBytes(b []byte) ([]byte, bool) {
	n, ok := readInt32(b, 0)
	if !ok || n < 1 || int(n) > len(b)-4 {
		return nil, false
	}
	return b[4 : 4+n-1], true
}

// StringValueOK returns the value of a string.
func (v RawValue) StringValueOK() (string, bool) {
	if v.Type != TypeString {
		return "", false
	}
	s, ok := stringBytes(v.Value)
	return string(s), ok
}

// StringValue returns the value of a string, or "".
func (v RawValue) StringValue() string { s, _ := v.StringValueOK(); return s }

// StringBytes returns the bytes of a string, JavaScript or symbol value as a
// view, without allocating.
func (v RawValue) StringBytes() ([]byte, bool) {
	if v.Type != TypeString && v.Type != TypeJavaScript && v.Type != TypeSymbol {
		return nil, false
	}
	return stringBytes(v.Value)
}

// DocumentOK returns an embedded document as a view.
func (v RawValue) DocumentOK() (Raw, bool) {
	if v.Type != TypeEmbeddedDoc {
		return nil, false
	}
	return Raw(v.Value), true
}

// Document returns an embedded document, or nil.
func (v RawValue) Document() Raw { d, _ := v.DocumentOK(); return d }

// ArrayOK returns an array as a view.
func (v RawValue) ArrayOK() (RawArray, bool) {
	if v.Type != TypeArray {
		return nil, false
	}
	return RawArray(v.Value), true
}

// Array returns an array, or nil.
func (v RawValue) Array() RawArray { a, _ := v.ArrayOK(); return a }

// BinaryOK returns a binary value; Data is a view.
func (v RawValue) BinaryOK() (Binary, bool) {
	if v.Type != TypeBinary || len(v.Value) < 5 {
		return Binary{}, false
	}
	n, _ := readInt32(v.Value, 0)
	if n < 0 || int(n) > len(v.Value)-5 {
		return Binary{}, false
	}
	data := v.Value[5 : 5+n]
	st := v.Value[4]
	if st == BinaryBinaryOld && len(data) >= 4 {
		data = data[4:]
	}
	return Binary{Subtype: st, Data: data}, true
}

// Binary returns a binary value, or the zero Binary.
func (v RawValue) Binary() Binary { b, _ := v.BinaryOK(); return b }

// ObjectIDOK returns an ObjectID.
func (v RawValue) ObjectIDOK() (ObjectID, bool) {
	b, ok := v.fixed(TypeObjectID)
	if !ok {
		return NilObjectID, false
	}
	return ObjectID(b[:12]), true
}

// ObjectID returns an ObjectID, or NilObjectID.
func (v RawValue) ObjectID() ObjectID { id, _ := v.ObjectIDOK(); return id }

// DateTimeOK returns a datetime in milliseconds since the epoch.
func (v RawValue) DateTimeOK() (DateTime, bool) {
	b, ok := v.fixed(TypeDateTime)
	if !ok {
		return 0, false
	}
	return DateTime(binary.LittleEndian.Uint64(b)), true
}

// DateTime returns a datetime, or 0.
func (v RawValue) DateTime() DateTime { d, _ := v.DateTimeOK(); return d }

// Time returns a datetime as a UTC time.Time, or the zero time.
func (v RawValue) Time() time.Time {
	d, ok := v.DateTimeOK()
	if !ok {
		return time.Time{}
	}
	return d.Time()
}

// TimestampOK returns a timestamp.
func (v RawValue) TimestampOK() (Timestamp, bool) {
	b, ok := v.fixed(TypeTimestamp)
	if !ok {
		return Timestamp{}, false
	}
	return Timestamp{I: binary.LittleEndian.Uint32(b), T: binary.LittleEndian.Uint32(b[4:])}, true
}

// Timestamp returns a timestamp, or the zero Timestamp.
func (v RawValue) Timestamp() Timestamp { t, _ := v.TimestampOK(); return t }

// Decimal128OK returns a Decimal128.
func (v RawValue) Decimal128OK() (Decimal128, bool) {
	b, ok := v.fixed(TypeDecimal128)
	if !ok {
		return Decimal128{}, false
	}
	return NewDecimal128(binary.LittleEndian.Uint64(b[8:]), binary.LittleEndian.Uint64(b)), true
}

// Decimal128 returns a Decimal128, or the zero value.
func (v RawValue) Decimal128() Decimal128 { d, _ := v.Decimal128OK(); return d }

// RegexOK returns a regular expression.
func (v RawValue) RegexOK() (Regex, bool) {
	if v.Type != TypeRegex {
		return Regex{}, false
	}
	e1 := indexNUL(v.Value, 0)
	if e1 < 0 {
		return Regex{}, false
	}
	e2 := indexNUL(v.Value, e1+1)
	if e2 < 0 {
		return Regex{}, false
	}
	return Regex{Pattern: string(v.Value[:e1]), Options: string(v.Value[e1+1 : e2])}, true
}

// Regex returns a regular expression, or the zero Regex.
func (v RawValue) Regex() Regex { r, _ := v.RegexOK(); return r }

// DBPointerOK returns a DBPointer.
func (v RawValue) DBPointerOK() (DBPointer, bool) {
	if v.Type != TypeDBPointer {
		return DBPointer{}, false
	}
	s, ok := stringBytes(v.Value)
	if !ok || len(v.Value) < 4+len(s)+1+12 {
		return DBPointer{}, false
	}
	off := 4 + len(s) + 1
	return DBPointer{DB: string(s), Pointer: ObjectID(v.Value[off : off+12])}, true
}

// JavaScriptOK returns JavaScript code.
func (v RawValue) JavaScriptOK() (string, bool) {
	if v.Type != TypeJavaScript {
		return "", false
	}
	s, ok := stringBytes(v.Value)
	return string(s), ok
}

// SymbolOK returns a symbol.
func (v RawValue) SymbolOK() (string, bool) {
	if v.Type != TypeSymbol {
		return "", false
	}
	s, ok := stringBytes(v.Value)
	return string(s), ok
}

// CodeWithScopeOK returns code with its scope document as a view.
func (v RawValue) CodeWithScopeOK() (string, Raw, bool) {
	if v.Type != TypeCodeWithScope || len(v.Value) < 4 {
		return "", nil, false
	}
	s, ok := stringBytes(v.Value[4:])
	if !ok {
		return "", nil, false
	}
	scope := v.Value[4+4+len(s)+1:]
	return string(s), Raw(scope), true
}

// Equal reports whether v and o have the same type and bytes.
func (v RawValue) Equal(o RawValue) bool {
	return v.Type == o.Type && string(v.Value) == string(o.Value)
}

// RawArray is an encoded BSON array: a document whose keys are "0", "1", ….
type RawArray []byte

// Index returns the i-th value, or the zero RawValue if there is none.
func (a RawArray) Index(i int) RawValue {
	it := Raw(a).Iter()
	for j := 0; it.Next(); j++ {
		if j == i {
			return it.Value()
		}
	}
	return RawValue{}
}

// Len returns the number of values, or -1 if a is malformed.
func (a RawArray) Len() int { return Raw(a).Len() }

// Iter returns an iterator over the values (keys are the indexes).
func (a RawArray) Iter() Iterator { return Raw(a).Iter() }

// Values returns the values as views. It allocates the slice.
func (a RawArray) Values() ([]RawValue, error) {
	var out []RawValue
	it := Raw(a).Iter()
	for it.Next() {
		out = append(out, it.Value())
	}
	return out, it.err
}

// Validate checks a as a document.
func (a RawArray) Validate() error { return Raw(a).Validate() }
