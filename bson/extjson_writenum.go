package bson

import (
	"math"
	"strconv"
	"time"
)

// appendDouble writes a double: {"$numberDouble":"…"} in canonical mode and
// for the non-finite values, a bare JSON number otherwise.
func (w extWriter) appendDouble(dst []byte, f float64) []byte {
	if w.canonical || math.IsInf(f, 0) || math.IsNaN(f) {
		dst = append(dst, `{"$numberDouble":"`...)
		dst = appendExtJSONDouble(dst, f)
		return append(dst, `"}`...)
	}
	return appendExtJSONDouble(dst, f)
}

// appendExtJSONDouble writes the shortest decimal text that reads back as
// exactly f. The format is strconv's 'G' (plain notation for decimal
// exponents from -4 to 5, else "d.dddE±dd"), with ".0" added to integral
// values so that a reader sees a double, not an integer: 1 → "1.0",
// -0 → "-0.0", 1.2345678921232e18 → "1.2345678921232E+18", 1e100 →
// "1E+100". These are the strings of the bson-corpus test data.
func appendExtJSONDouble(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, 'G', -1, 64)
	for _, c := range dst[start:] {
		if c == '.' || c == 'E' {
			return dst
		}
	}
	return append(dst, ".0"...)
}

// The range of datetimes that relaxed mode writes as ISO-8601 strings:
// years 1970 to 9999 inclusive.
const (
	isoDateMin = 0
	isoDateMax = 253402300800000 // 10000-01-01T00:00:00Z in milliseconds
)

// appendDateTime writes {"$date":{"$numberLong":"…"}} in canonical mode and
// outside the years 1970..9999, else {"$date":"YYYY-MM-DDTHH:MM:SS[.mmm]Z"}
// with the milliseconds written only when they are not zero.
func (w extWriter) appendDateTime(dst []byte, ms int64) []byte {
	if w.canonical || ms < isoDateMin || ms >= isoDateMax {
		dst = append(dst, `{"$date":{"$numberLong":"`...)
		dst = strconv.AppendInt(dst, ms, 10)
		return append(dst, `"}}`...)
	}
	dst = append(dst, `{"$date":"`...)
	dst = time.UnixMilli(ms).UTC().AppendFormat(dst, "2006-01-02T15:04:05")
	if frac := ms % 1000; frac != 0 {
		dst = append(dst, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	}
	return append(dst, `Z"}`...)
}
