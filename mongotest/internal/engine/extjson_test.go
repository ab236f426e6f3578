package engine_test

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// extWrapper turns the canonical extended JSON wrappers ({"$numberLong":
// "5"}, {"$oid": "..."}, ...) the specification files use into values, so
// the test notation reads those files too.
func extWrapper(d bson.D) (any, bool, error) {
	if len(d) == 0 || len(d) > 2 {
		return nil, false, nil
	}
	str := func(v any) string { s, _ := v.(string); return s }
	switch d[0].Key {
	case "$numberLong":
		n, err := strconv.ParseInt(str(d[0].Value), 10, 64)
		return n, true, err
	case "$numberInt":
		n, err := strconv.ParseInt(str(d[0].Value), 10, 32)
		return int32(n), true, err
	case "$numberDouble":
		return parseExtDouble(str(d[0].Value))
	case "$numberDecimal":
		v, err := bson.ParseDecimal128(str(d[0].Value))
		return v, true, err
	case "$oid":
		v, err := bson.ObjectIDFromHex(str(d[0].Value))
		return v, true, err
	case "$date":
		return extDate(d[0].Value)
	case "$timestamp":
		ts, _ := d[0].Value.(bson.D)
		m := ts.Map()
		return bson.Timestamp{T: uint32(asInt(m["t"])), I: uint32(asInt(m["i"]))}, true, nil
	case "$binary":
		return extBinary(d[0].Value)
	case "$regularExpression":
		r, _ := d[0].Value.(bson.D)
		m := r.Map()
		return bson.Regex{Pattern: str(m["pattern"]), Options: str(m["options"])}, true, nil
	case "$minKey":
		return bson.MinKey{}, true, nil
	case "$maxKey":
		return bson.MaxKey{}, true, nil
	case "$undefined":
		return bson.Undefined{}, true, nil
	case "$symbol":
		return bson.Symbol(str(d[0].Value)), true, nil
	case "$code":
		if len(d) == 1 {
			return bson.JavaScript(str(d[0].Value)), true, nil
		}
	}
	return nil, false, nil
}

func parseExtDouble(s string) (any, bool, error) {
	switch s {
	case "NaN":
		return math.NaN(), true, nil
	case "Infinity":
		return math.Inf(1), true, nil
	case "-Infinity":
		return math.Inf(-1), true, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, true, err
}

func extDate(v any) (any, bool, error) {
	switch x := v.(type) {
	case int64:
		return bson.DateTime(x), true, nil
	case int32:
		return bson.DateTime(x), true, nil
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		return bson.NewDateTimeFromTime(t), true, err
	}
	return nil, true, fmt.Errorf("bad $date %v", v)
}

func extBinary(v any) (any, bool, error) {
	b, _ := v.(bson.D)
	m := b.Map()
	data, err := base64.StdEncoding.DecodeString(fmt.Sprint(m["base64"]))
	if err != nil {
		return nil, true, err
	}
	st, err := hex.DecodeString(fmt.Sprint(m["subType"]))
	if err != nil || len(st) != 1 {
		return nil, true, fmt.Errorf("bad subType %v", m["subType"])
	}
	return bson.Binary{Subtype: st[0], Data: data}, true, nil
}

func asInt(v any) int64 {
	switch n := v.(type) {
	case int32:
		return int64(n)
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}
