package bson

import (
	"math"
	"reflect"
)

// The scalar decoders follow the official driver's conversions: numbers
// convert between int32, int64 and double when the value fits (a double
// with a fraction only under truncate), booleans read as 0 and 1, null and
// undefined give the zero value.

// intFrom reads a numeric (or boolean, or null) value as an int64.
func (d *decState) intFrom(t Type, b []byte, gt reflect.Type) (int64, error) {
	switch t {
	case TypeInt32:
		return int64(le32(b, 0)), nil
	case TypeInt64:
		return int64(le64(b, 0)), nil
	case TypeDouble:
		f := math.Float64frombits(le64(b, 0))
		if f != math.Trunc(f) && !d.truncate {
			return 0, unmarshalErr(t, gt, ErrTruncation)
		}
		if math.IsNaN(f) || f >= 1<<63 || f < -(1<<63) {
			return 0, unmarshalErr(t, gt, ErrOverflow)
		}
		return int64(f), nil
	case TypeBoolean:
		if b[0] != 0 {
			return 1, nil
		}
		return 0, nil
	case TypeNull, TypeUndefined:
		return 0, nil
	}
	return 0, mismatch(t, gt)
}

func decodeInt(d *decState, t Type, b []byte, v reflect.Value) error {
	n, err := d.intFrom(t, b, v.Type())
	if err != nil {
		return err
	}
	if v.OverflowInt(n) {
		return unmarshalErr(t, v.Type(), ErrOverflow)
	}
	v.SetInt(n)
	return nil
}

func decodeUint(d *decState, t Type, b []byte, v reflect.Value) error {
	n, err := d.intFrom(t, b, v.Type())
	if err != nil {
		return err
	}
	if n < 0 || v.OverflowUint(uint64(n)) {
		return unmarshalErr(t, v.Type(), ErrOverflow)
	}
	v.SetUint(uint64(n))
	return nil
}

func decodeFloat(d *decState, t Type, b []byte, v reflect.Value) error {
	var f float64
	switch t {
	case TypeDouble:
		f = math.Float64frombits(le64(b, 0))
	case TypeInt32:
		f = float64(le32(b, 0))
	case TypeInt64:
		f = float64(int64(le64(b, 0)))
	case TypeBoolean:
		if b[0] != 0 {
			f = 1
		}
	case TypeNull, TypeUndefined:
	default:
		return mismatch(t, v.Type())
	}
	// float32 keeps NaN and infinities; other values must survive the
	// narrowing unless truncation is allowed.
	if v.Kind() == reflect.Float32 && !d.truncate && f == f && float64(float32(f)) != f {
		return unmarshalErr(t, v.Type(), ErrTruncation)
	}
	v.SetFloat(f)
	return nil
}

func decodeBool(_ *decState, t Type, b []byte, v reflect.Value) error {
	switch t {
	case TypeBoolean:
		v.SetBool(b[0] != 0)
	case TypeInt32:
		v.SetBool(le32(b, 0) != 0)
	case TypeInt64:
		v.SetBool(le64(b, 0) != 0)
	case TypeDouble:
		v.SetBool(math.Float64frombits(le64(b, 0)) != 0)
	case TypeNull, TypeUndefined:
		v.SetBool(false)
	default:
		return mismatch(t, v.Type())
	}
	return nil
}

// decodeString accepts string and symbol, generic binary as its bytes, and
// an ObjectID as hex under ObjectIDAsHexString.
func decodeString(d *decState, t Type, b []byte, v reflect.Value) error {
	switch t {
	case TypeString, TypeSymbol:
		v.SetString(d.newString(b[4 : len(b)-1]))
	case TypeBinary:
		data, ok := genericBinary(b)
		if !ok {
			return unmarshalErr(t, v.Type(), errBinarySubtype(b[4]))
		}
		v.SetString(string(data))
	case TypeObjectID:
		if !d.s.opts.ObjectIDAsHexString {
			return mismatch(t, v.Type())
		}
		v.SetString(ObjectID(b).Hex())
	case TypeNull, TypeUndefined:
		v.SetString("")
	default:
		return mismatch(t, v.Type())
	}
	return nil
}

// binaryData returns the subtype and data of the validated binary value b.
func binaryData(b []byte) (byte, []byte) {
	st := b[4]
	data := b[5:]
	if st == BinaryBinaryOld {
		data = data[4:]
	}
	return st, data
}

// genericBinary returns the data of a binary of subtype 0x00 or 0x02, the
// only ones that convert to strings and byte slices.
func genericBinary(b []byte) ([]byte, bool) {
	st, data := binaryData(b)
	return data, st == BinaryGeneric || st == BinaryBinaryOld
}

type errBinarySubtype byte

// Error names the subtype that does not convert.
func (e errBinarySubtype) Error() string {
	return "binary subtype 0x" + hexByte(byte(e)) + " does not convert; only 0x00 and 0x02 do"
}

// Unwrap makes a subtype error a type mismatch for errors.Is.
func (e errBinarySubtype) Unwrap() error { return ErrTypeMismatch }
