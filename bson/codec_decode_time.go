package bson

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"time"
)

// timeLayout is the string form of time.Time the official driver accepts.
const timeLayout = "2006-01-02T15:04:05.999Z07:00"

// decodeTime reads a datetime (or an int64 of milliseconds, a timestamp's
// seconds, or a string in timeLayout) as a UTC time.Time, or a local one
// under UseLocalTimeZone.
func (s *regState) decodeTime(_ *decState, t Type, b []byte, v reflect.Value) error {
	var tm time.Time
	switch t {
	case TypeDateTime, TypeInt64:
		tm = time.UnixMilli(int64(le64(b, 0)))
	case TypeTimestamp:
		tm = time.Unix(int64(uint32(le32(b, 4))), 0)
	case TypeString:
		var err error
		if tm, err = time.Parse(timeLayout, string(b[4:len(b)-1])); err != nil {
			return unmarshalErr(t, v.Type(), err)
		}
	case TypeNull, TypeUndefined:
	default:
		return mismatch(t, v.Type())
	}
	if !s.opts.UseLocalTimeZone {
		tm = tm.UTC()
	}
	setAs(v, tm)
	return nil
}

// decodeJSONNumber formats a number as json.Number.
func decodeJSONNumber(_ *decState, t Type, b []byte, v reflect.Value) error {
	var s string
	switch t {
	case TypeDouble:
		s = strconv.FormatFloat(math.Float64frombits(le64(b, 0)), 'f', -1, 64)
	case TypeInt32:
		s = strconv.Itoa(le32(b, 0))
	case TypeInt64:
		s = strconv.FormatInt(int64(le64(b, 0)), 10)
	case TypeNull, TypeUndefined:
	default:
		return mismatch(t, v.Type())
	}
	setAs(v, json.Number(s))
	return nil
}
