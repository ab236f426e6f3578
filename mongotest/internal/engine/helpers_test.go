package engine_test

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// This file holds the test helpers: a parser for a relaxed, shell-like
// notation ({a: 1, b: [1.5, "x"], c: NumberLong(5), d: /re/i}) that builds a
// bson.D, an encoder from bson.D to bson.Raw on top of the Append
// functions, and a renderer for failure messages. They stand in for
// bson.Marshal and extended JSON until those exist.
//
// Numbers: 1 is int32 (int64 when it does not fit), 1.0 or 1e3 is double,
// NumberLong(1), NumberDecimal("1.5"), NaN, Infinity. Also ObjectId("hex"),
// Date(ms), Timestamp(t, i), MinKey, MaxKey, undefined, BinData(sub, "b64"),
// Symbol("s") and {$oid: ...}-style wrappers are not needed.

type parser struct {
	s   string
	pos int
}

// doc parses a document or fails the test.
func doc(t testing.TB, s string) bson.Raw {
	t.Helper()
	d, err := parseDoc(s)
	if err != nil {
		t.Fatalf("bad test document %q: %v", s, err)
	}
	return d
}

func parseDoc(s string) (bson.Raw, error) {
	p := &parser{s: s}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.pos != len(p.s) {
		return nil, fmt.Errorf("trailing input at %d", p.pos)
	}
	d, ok := v.(bson.D)
	if !ok {
		return nil, fmt.Errorf("not a document")
	}
	return encodeDoc(d), nil
}

// val parses a single value.
func val(t testing.TB, s string) bson.RawValue {
	t.Helper()
	return doc(t, "{v: "+s+"}").Lookup("v")
}

// docs parses an array of documents.
func docs(t testing.TB, s string) []bson.Raw {
	t.Helper()
	var out []bson.Raw
	for _, v := range mustValues(val(t, s)) {
		out = append(out, v.Document())
	}
	return out
}

func mustValues(v bson.RawValue) []bson.RawValue {
	vals, _ := v.Array().Values()
	return vals
}

func (p *parser) ws() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *parser) peek() byte {
	p.ws()
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *parser) expect(c byte) error {
	if p.peek() != c {
		return fmt.Errorf("expected %q at %d in %q", c, p.pos, p.s)
	}
	p.pos++
	return nil
}

func (p *parser) value() (any, error) {
	switch c := p.peek(); {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"' || c == '\'':
		return p.str()
	case c == '/':
		return p.regex()
	case c == '-' || c == '+' || (c >= '0' && c <= '9') || c == '.':
		return p.number()
	}
	return p.word()
}

func (p *parser) object() (any, error) {
	p.pos++
	d := bson.D{}
	for p.peek() != '}' {
		if len(d) > 0 {
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
		k, err := p.key()
		if err != nil {
			return nil, err
		}
		if err := p.expect(':'); err != nil {
			return nil, err
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		d = append(d, bson.E{Key: k, Value: v})
	}
	p.pos++
	if v, ok, err := extWrapper(d); ok || err != nil {
		return v, err
	}
	return d, nil
}

func (p *parser) key() (string, error) {
	if c := p.peek(); c == '"' || c == '\'' {
		return p.str()
	}
	start := p.pos
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n:", p.s[p.pos]) < 0 {
		p.pos++
	}
	if start == p.pos {
		return "", fmt.Errorf("empty key at %d", p.pos)
	}
	return p.s[start:p.pos], nil
}

func (p *parser) array() (any, error) {
	p.pos++
	a := bson.A{}
	for p.peek() != ']' {
		if len(a) > 0 {
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
	p.pos++
	return a, nil
}

func (p *parser) str() (string, error) {
	q := p.s[p.pos]
	p.pos++
	var sb strings.Builder
	for p.pos < len(p.s) && p.s[p.pos] != q {
		if p.s[p.pos] == '\\' && p.pos+1 < len(p.s) {
			p.pos++
			switch p.s[p.pos] {
			case 'n':
				sb.WriteByte('\n')
			case 't':
				sb.WriteByte('\t')
			default:
				sb.WriteByte(p.s[p.pos])
			}
		} else {
			sb.WriteByte(p.s[p.pos])
		}
		p.pos++
	}
	if p.pos >= len(p.s) {
		return "", fmt.Errorf("unterminated string")
	}
	p.pos++
	return sb.String(), nil
}

func (p *parser) regex() (any, error) {
	p.pos++
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] != '/' {
		if p.s[p.pos] == '\\' {
			p.pos++
		}
		p.pos++
	}
	pat := p.s[start:p.pos]
	p.pos++
	fs := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= 'a' && p.s[p.pos] <= 'z' {
		p.pos++
	}
	return bson.Regex{Pattern: pat, Options: p.s[fs:p.pos]}, nil
}

func (p *parser) number() (any, error) {
	start := p.pos
	for p.pos < len(p.s) && strings.IndexByte("+-0123456789.eE", p.s[p.pos]) >= 0 {
		p.pos++
	}
	lit := p.s[start:p.pos]
	if lit == "-" && strings.HasPrefix(p.s[p.pos:], "Infinity") {
		p.pos += len("Infinity")
		return math.Inf(-1), nil
	}
	if strings.ContainsAny(lit, ".eE") {
		return strconv.ParseFloat(lit, 64)
	}
	n, err := strconv.ParseInt(lit, 10, 64)
	if err != nil {
		return nil, err
	}
	if n >= math.MinInt32 && n <= math.MaxInt32 {
		return int32(n), nil
	}
	return n, nil
}

func (p *parser) word() (any, error) {
	start := p.pos
	for p.pos < len(p.s) && (isIdent(p.s[p.pos])) {
		p.pos++
	}
	w := p.s[start:p.pos]
	switch w {
	case "true", "false":
		return w == "true", nil
	case "null":
		return nil, nil
	case "undefined":
		return bson.Undefined{}, nil
	case "MinKey":
		return bson.MinKey{}, nil
	case "MaxKey":
		return bson.MaxKey{}, nil
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	}
	args, err := p.callArgs()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", w, err)
	}
	return construct(w, args)
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *parser) callArgs() ([]any, error) {
	if err := p.expect('('); err != nil {
		return nil, err
	}
	var args []any
	for p.peek() != ')' {
		if len(args) > 0 {
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	p.pos++
	return args, nil
}

func construct(name string, args []any) (any, error) {
	num := func(i int) int64 {
		switch n := args[i].(type) {
		case int32:
			return int64(n)
		case int64:
			return n
		case float64:
			return int64(n)
		}
		return 0
	}
	switch name {
	case "NumberLong":
		return num(0), nil
	case "NumberInt":
		return int32(num(0)), nil
	case "NumberDecimal":
		return bson.ParseDecimal128(args[0].(string))
	case "ObjectId":
		return bson.ObjectIDFromHex(args[0].(string))
	case "Date":
		return bson.DateTime(num(0)), nil
	case "Timestamp":
		return bson.Timestamp{T: uint32(num(0)), I: uint32(num(1))}, nil
	case "BinData":
		b, err := base64.StdEncoding.DecodeString(args[1].(string))
		return bson.Binary{Subtype: byte(num(0)), Data: b}, err
	case "HexData":
		b, err := hex.DecodeString(args[1].(string))
		return bson.Binary{Subtype: byte(num(0)), Data: b}, err
	case "Symbol":
		return bson.Symbol(args[0].(string)), nil
	case "Code":
		return bson.JavaScript(args[0].(string)), nil
	}
	return nil, fmt.Errorf("unknown constructor %s", name)
}

// encodeDoc encodes a D with the bson Append functions.
func encodeDoc(d bson.D) bson.Raw {
	dst, start := bson.AppendDocumentStart(nil)
	for _, e := range d {
		dst = appendValue(dst, e.Key, e.Value)
	}
	return bson.AppendDocumentEnd(dst, start)
}

func appendValue(dst []byte, key string, v any) []byte {
	switch x := v.(type) {
	case bson.D:
		return bson.AppendDocumentElement(dst, key, encodeDoc(x))
	case bson.A:
		arr, start := bson.AppendDocumentStart(nil)
		for i, e := range x {
			arr = appendValue(arr, strconv.Itoa(i), e)
		}
		return bson.AppendArrayElement(dst, key, bson.AppendDocumentEnd(arr, start))
	case int32:
		return bson.AppendInt32Element(dst, key, x)
	case int64:
		return bson.AppendInt64Element(dst, key, x)
	case float64:
		return bson.AppendDoubleElement(dst, key, x)
	case string:
		return bson.AppendStringElement(dst, key, x)
	case bool:
		return bson.AppendBooleanElement(dst, key, x)
	case nil:
		return bson.AppendNullElement(dst, key)
	}
	return appendOther(dst, key, v)
}

func appendOther(dst []byte, key string, v any) []byte {
	switch x := v.(type) {
	case bson.Undefined:
		return bson.AppendUndefinedElement(dst, key)
	case bson.MinKey:
		return bson.AppendMinKeyElement(dst, key)
	case bson.MaxKey:
		return bson.AppendMaxKeyElement(dst, key)
	case bson.Decimal128:
		return bson.AppendDecimal128Element(dst, key, x)
	case bson.ObjectID:
		return bson.AppendObjectIDElement(dst, key, x)
	case bson.DateTime:
		return bson.AppendDateTimeElement(dst, key, int64(x))
	case bson.Timestamp:
		return bson.AppendTimestampElement(dst, key, x.T, x.I)
	case bson.Regex:
		return bson.AppendRegexElement(dst, key, x.Pattern, x.Options)
	case bson.Binary:
		return bson.AppendBinaryElement(dst, key, x.Subtype, x.Data)
	case bson.Symbol:
		return bson.AppendSymbolElement(dst, key, string(x))
	case bson.JavaScript:
		return bson.AppendJavaScriptElement(dst, key, string(x))
	}
	panic(fmt.Sprintf("test helper cannot encode %T", v))
}

// render prints a value in the notation parseDoc reads, so failures show
// what was produced.
func render(v bson.RawValue) string {
	var sb strings.Builder
	renderTo(&sb, v)
	return sb.String()
}

func renderDoc(d bson.Raw) string {
	if d == nil {
		return "<nil>"
	}
	return render(bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: d})
}

func renderTo(sb *strings.Builder, v bson.RawValue) {
	switch v.Type {
	case bson.TypeEmbeddedDoc, bson.TypeArray:
		open, closing := "{", "}"
		if v.Type == bson.TypeArray {
			open, closing = "[", "]"
		}
		sb.WriteString(open)
		it := bson.Raw(v.Value).Iter()
		for i := 0; it.Next(); i++ {
			if i > 0 {
				sb.WriteString(", ")
			}
			if v.Type == bson.TypeEmbeddedDoc {
				sb.WriteString(strconv.Quote(it.Key()) + ": ")
			}
			renderTo(sb, it.Value())
		}
		sb.WriteString(closing)
	case bson.TypeInt32:
		sb.WriteString(strconv.Itoa(int(v.Int32())))
	case bson.TypeInt64:
		sb.WriteString("NumberLong(" + strconv.FormatInt(v.Int64(), 10) + ")")
	case bson.TypeDouble:
		s := strconv.FormatFloat(v.Double(), 'g', -1, 64)
		if !strings.ContainsAny(s, ".eIN") {
			s += ".0"
		}
		sb.WriteString(s)
	case bson.TypeString:
		sb.WriteString(strconv.Quote(v.StringValue()))
	case bson.TypeDecimal128:
		sb.WriteString(`NumberDecimal("` + v.Decimal128().String() + `")`)
	case bson.TypeBoolean:
		sb.WriteString(strconv.FormatBool(v.Boolean()))
	case bson.TypeNull:
		sb.WriteString("null")
	case bson.TypeDateTime:
		sb.WriteString("Date(" + strconv.FormatInt(int64(v.DateTime()), 10) + ")")
	case 0:
		sb.WriteString("<missing>")
	default:
		sb.WriteString(v.Type.String() + "(" + hex.EncodeToString(v.Value) + ")")
	}
}

// sameValue reports whether two values are identical: same types, same
// bytes.
func sameValue(a, b bson.RawValue) bool {
	return a.Type == b.Type && string(a.Value) == string(b.Value)
}
