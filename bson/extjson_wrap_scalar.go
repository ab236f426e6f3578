package bson

import (
	"encoding/hex"
	"math"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// parseScalarWrapper parses the one-key wrappers whose value is a JSON
// scalar.
func (p *extParser) parseScalarWrapper(dst []byte, kind wrapKind) ([]byte, Type, error) {
	var t Type
	var value func() error
	switch kind {
	case wrapOID:
		t, value = TypeObjectID, func() (err error) { dst, err = p.objectIDValue(dst); return err }
	case wrapSymbol:
		t, value = TypeSymbol, func() (err error) {
			if p.peek() != '"' {
				return p.wrongType("$symbol", "a string")
			}
			dst, err = p.appendBSONString(dst)
			return err
		}
	case wrapInt32:
		t, value = TypeInt32, func() (err error) { dst, err = p.int32Value(dst); return err }
	case wrapInt64:
		t, value = TypeInt64, func() error {
			n, err := p.int64Value("$numberLong")
			dst = AppendInt64(dst, n)
			return err
		}
	case wrapDouble:
		t, value = TypeDouble, func() (err error) { dst, err = p.doubleValue(dst); return err }
	case wrapDecimal:
		t, value = TypeDecimal128, func() (err error) { dst, err = p.decimalValue(dst); return err }
	case wrapMinKey, wrapMaxKey:
		t, value = TypeMinKey, func() error { return p.oneValue("$minKey") }
		if kind == wrapMaxKey {
			t, value = TypeMaxKey, func() error { return p.oneValue("$maxKey") }
		}
	case wrapUndefined:
		t, value = TypeUndefined, func() error {
			if p.peek() != 't' {
				return p.wrongType("$undefined", "true")
			}
			return p.literal("true")
		}
	case wrapUUID:
		t, value = TypeBinary, func() (err error) { dst, err = p.uuidValue(dst); return err }
	default:
		return dst, 0, p.errAt(p.pos, "internal error: unknown wrapper kind")
	}
	// dst is read after single returns: the closures above extend it.
	err := p.single(wrapperName(kind), value)
	return dst, t, err
}

func wrapperName(kind wrapKind) string {
	return [...]string{
		wrapOID: "$oid", wrapSymbol: "$symbol", wrapInt32: "$numberInt",
		wrapInt64: "$numberLong", wrapDouble: "$numberDouble",
		wrapDecimal: "$numberDecimal", wrapMinKey: "$minKey", wrapMaxKey: "$maxKey",
		wrapUndefined: "$undefined", wrapUUID: "$uuid",
	}[kind]
}

// objectIDValue reads 24 hexadecimal digits, in either case.
func (p *extParser) objectIDValue(dst []byte) ([]byte, error) {
	at := p.pos
	s, err := p.stringValue("$oid")
	if err != nil {
		return dst, err
	}
	var id ObjectID
	if len(s) != 24 {
		return dst, p.errAt(at, `"$oid" must be 24 hexadecimal digits, found `+strconv.Itoa(len(s))+" bytes")
	}
	if _, err := hex.Decode(id[:], s); err != nil {
		return dst, p.errAt(at, `"$oid" must be 24 hexadecimal digits: `+err.Error())
	}
	return AppendObjectID(dst, id), nil
}

func (p *extParser) int32Value(dst []byte) ([]byte, error) {
	at := p.pos
	s, err := p.stringValue("$numberInt")
	if err != nil {
		return dst, err
	}
	n, err := strconv.ParseInt(string(s), 10, 32)
	if err != nil {
		return dst, p.errAt(at, `"$numberInt" must be a 32-bit integer in decimal, found `+strconv.Quote(string(s)))
	}
	return AppendInt32(dst, int32(n)), nil
}

// int64Value reads the string of a $numberLong (also inside $date).
func (p *extParser) int64Value(name string) (int64, error) {
	at := p.pos
	s, err := p.stringValue(name)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil {
		return 0, p.errAt(at, strconv.Quote(name)+" must be a 64-bit integer in decimal, found "+strconv.Quote(string(s)))
	}
	return n, nil
}

func (p *extParser) doubleValue(dst []byte) ([]byte, error) {
	at := p.pos
	s, err := p.stringValue("$numberDouble")
	if err != nil {
		return dst, err
	}
	f, ok := parseDoubleText(s)
	if !ok {
		return dst, p.errAt(at, `"$numberDouble" must be a decimal number, "Infinity", "-Infinity" or "NaN" within the range of a double, found `+strconv.Quote(string(s)))
	}
	return AppendDouble(dst, f), nil
}

// parseDoubleText reads the special names or a decimal number: an optional
// sign, digits with an optional '.', an optional exponent. It refuses the
// other spellings strconv accepts (hexadecimal, "inf", underscores).
func parseDoubleText(s []byte) (float64, bool) {
	switch string(s) {
	case "Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	case "NaN":
		return math.NaN(), true
	}
	i, digits := 0, 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	for ; i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.'); i++ {
		if s[i] != '.' {
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if i == len(s) {
			return 0, false
		}
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(s), 64)
	return f, err == nil
}

func (p *extParser) decimalValue(dst []byte) ([]byte, error) {
	at := p.pos
	s, err := p.stringValue("$numberDecimal")
	if err != nil {
		return dst, err
	}
	d, err := ParseDecimal128(string(s))
	if err != nil {
		return dst, &ExtJSONError{Offset: at, Msg: `"$numberDecimal": ` + err.Error(), Err: err}
	}
	if d.IsNaN() {
		// Extended JSON has one NaN; "-NaN" must not make a NaN that
		// writes as "NaN" and reads back as different bytes.
		d = NewDecimal128(0x7C00000000000000, 0)
	}
	return AppendDecimal128(dst, d), nil
}

// oneValue reads the value of $minKey or $maxKey, which must be the integer 1.
func (p *extParser) oneValue(name string) error {
	at := p.pos
	if c := p.peek(); c != '-' && (c < '0' || c > '9') {
		return p.wrongType(name, "the integer 1")
	}
	start, _, err := p.scanNumber()
	if err != nil {
		return err
	}
	if string(p.data[start:p.pos]) != "1" {
		return p.errAt(at, strconv.Quote(name)+" must be the integer 1, found "+string(p.data[start:p.pos]))
	}
	return nil
}

// uuidValue reads a UUID in its textual form as binary subtype 4.
func (p *extParser) uuidValue(dst []byte) ([]byte, error) {
	at := p.pos
	s, err := p.stringValue("$uuid")
	if err != nil {
		return dst, err
	}
	u, err := uuid.ParseBytes(s)
	if err != nil {
		return dst, &ExtJSONError{Offset: at, Msg: `"$uuid" must be a UUID such as "73ffd264-44b3-4c69-90e8-e7d1dfc035d4": ` + err.Error(), Err: err}
	}
	return AppendBinary(dst, BinaryUUID, u[:]), nil
}

// parseDateWrapper reads {"$date": {"$numberLong": "…"}} or, in relaxed
// mode, {"$date": "<RFC 3339 date-time>"}. A bare number, accepted by some
// legacy parsers, is an error as the bson-corpus requires.
func (p *extParser) parseDateWrapper(dst []byte) ([]byte, error) {
	err := p.single("$date", func() error {
		var ms int64
		var err error
		switch p.peek() {
		case '{':
			err = p.single("$numberLong", func() (err error) { ms, err = p.int64Value("$numberLong"); return err })
		case '"':
			ms, err = p.isoDateValue()
		default:
			return p.wrongType("$date", `{"$numberLong": "…"} or an ISO-8601 string`)
		}
		dst = AppendDateTime(dst, ms)
		return err
	})
	return dst, err
}

func (p *extParser) isoDateValue() (int64, error) {
	at := p.pos
	if p.canonicalOnly {
		return 0, p.errAt(at, `"$date" as a string is relaxed extended JSON; canonical needs {"$numberLong": "…"}`)
	}
	s, err := p.stringValue("$date")
	if err != nil {
		return 0, err
	}
	t, err := time.Parse(time.RFC3339Nano, string(s))
	if err != nil {
		return 0, &ExtJSONError{Offset: at, Msg: `"$date" string must be an RFC 3339 date-time: ` + err.Error(), Err: err}
	}
	return t.UnixMilli(), nil
}
