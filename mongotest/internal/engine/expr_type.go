package engine

import (
	"math"
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// Type inspection, conversion and miscellaneous expression operators.

func init() {
	registerOps(map[string]opParser{
		"$type": fn1(func(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
			return valString(typeName(v.Type)), nil
		}),
		"$isNumber":   fn1(func(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) { return valBool(isNumber(v)), nil }),
		"$rand":       parseRand,
		"$toString":   convertOp(bson.TypeString),
		"$toInt":      convertOp(bson.TypeInt32),
		"$toLong":     convertOp(bson.TypeInt64),
		"$toDouble":   convertOp(bson.TypeDouble),
		"$toDecimal":  convertOp(bson.TypeDecimal128),
		"$toBool":     convertOp(bson.TypeBoolean),
		"$toObjectId": convertOp(bson.TypeObjectID),
		"$toDate":     convertOp(bson.TypeDateTime),
		"$convert":    parseConvert,
		"$bsonSize":   fn1(exprBsonSize),
		"$binarySize": fn1(exprBinarySize),
		"$sum":        fn(0, -1, exprSum),
		"$avg":        fn(0, -1, exprAvg),
		"$min":        fn(0, -1, minMax(-1)),
		"$max":        fn(0, -1, minMax(1)),
	})
}

type randExpr struct{}

func (randExpr) eval(ec *evalCtx) (bson.RawValue, error) { return valDouble(ec.env.random()), nil }

func parseRand(_ *compiler, _ string, arg bson.RawValue) (expr, error) {
	if d, ok := arg.DocumentOK(); !ok || d.Len() != 0 {
		if arg.Type != bson.TypeArray || bson.RawArray(arg.Value).Len() != 0 {
			return nil, errorf(3040501, "$rand does not currently accept arguments")
		}
	}
	return randExpr{}, nil
}

func exprBsonSize(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
	if isNullish(v) {
		return valNull, nil
	}
	if v.Type != bson.TypeEmbeddedDoc {
		return bson.RawValue{}, errorf(31393, "$bsonSize requires a document input, found: %s", typeName(v.Type))
	}
	return valInt(int64(len(v.Value))), nil
}

func exprBinarySize(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
	switch v.Type {
	case 0, bson.TypeNull, bson.TypeUndefined:
		return valNull, nil
	case bson.TypeString:
		return valInt(int64(len(v.StringValue()))), nil
	case bson.TypeBinary:
		return valInt(int64(len(v.Binary().Data))), nil
	}
	return bson.RawValue{}, errorf(51276, "$binarySize requires a string or BinData argument, found: %s", typeName(v.Type))
}

// accumulatorArgs gives the values an expression-form $sum/$avg/$min/$max
// works on: the elements of a single array argument, else the arguments.
func accumulatorArgs(args []bson.RawValue) []bson.RawValue {
	if len(args) == 1 && args[0].Type == bson.TypeArray {
		return arrayValues(args[0])
	}
	return args
}

func exprSum(_ *evalCtx, _ string, args []bson.RawValue) (bson.RawValue, error) {
	s := newSummer()
	for _, v := range accumulatorArgs(args) {
		s.add(v)
	}
	return s.result(), nil
}

func exprAvg(_ *evalCtx, _ string, args []bson.RawValue) (bson.RawValue, error) {
	s := newSummer()
	for _, v := range accumulatorArgs(args) {
		s.add(v)
	}
	return s.avg(), nil
}

func minMax(dir int) func(*evalCtx, string, []bson.RawValue) (bson.RawValue, error) {
	return func(ec *evalCtx, _ string, args []bson.RawValue) (bson.RawValue, error) {
		best := valNull
		found := false
		for _, v := range accumulatorArgs(args) {
			if isNullish(v) {
				continue
			}
			if !found || Compare(v, best, ec.env.Collation)*dir > 0 {
				best, found = v, true
			}
		}
		return best, nil
	}
}

// summer adds numbers as $sum does: non-numbers are ignored, the result
// widens int → long → double → decimal.
type summer struct {
	sum   bson.RawValue
	count int64
}

func newSummer() *summer { return &summer{sum: valInt32(0)} }

func (s *summer) add(v bson.RawValue) {
	if !isNumber(v) {
		return
	}
	s.sum, _ = numArith(opAdd, s.sum, v, false)
	s.count++
}

func (s *summer) result() bson.RawValue { return s.sum }

func (s *summer) avg() bson.RawValue {
	if s.count == 0 {
		return valNull
	}
	if s.sum.Type == bson.TypeDecimal128 {
		return valDecimal(decQuo(s.sum.Decimal128(), decFromInt(s.count)))
	}
	return valDouble(numFloat(s.sum) / float64(s.count))
}

// convertExpr is $convert and the $toX shorthands.
type convertExpr struct {
	input, onError, onNull expr
	to                     bson.Type
	toExpr                 expr
	short                  bool
}

func convertOp(to bson.Type) opParser {
	return func(c *compiler, name string, arg bson.RawValue) (expr, error) {
		args, err := c.parseArgs(arg)
		if err != nil {
			return nil, err
		}
		if err := arity(name, len(args), 1, 1); err != nil {
			return nil, err
		}
		return convertExpr{input: args[0], to: to, short: true}, nil
	}
}

func parseConvert(c *compiler, _ string, arg bson.RawValue) (expr, error) {
	args, err := c.namedArgs("$convert", arg, 40160, []string{"input", "to"}, "onError", "onNull", "format", "base", "byteOrder")
	if err != nil {
		return nil, err
	}
	return convertExpr{input: args["input"], toExpr: args["to"], onError: args["onError"], onNull: args["onNull"]}, nil
}

func (x convertExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	in, err := x.input.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	to := x.to
	if x.toExpr != nil {
		if to, err = x.target(ec); err != nil {
			return bson.RawValue{}, err
		}
	}
	if isNullish(in) {
		if x.onNull != nil {
			return x.onNull.eval(ec)
		}
		return valNull, nil
	}
	out, err := convertValue(in, to)
	if err != nil && x.onError != nil {
		return x.onError.eval(ec)
	}
	return out, err
}

func (x convertExpr) target(ec *evalCtx) (bson.Type, error) {
	tv, err := x.toExpr.eval(ec)
	if err != nil {
		return 0, err
	}
	if s, ok := tv.StringValueOK(); ok {
		if t, ok := typeAliases[s]; ok {
			return t, nil
		}
		return 0, badValue("Unknown type name: %s", s)
	}
	if n, ok := numExactInt64(tv); ok && bson.Type(n).Valid() {
		return bson.Type(n), nil
	}
	return 0, errorf(CodeFailedToParse, "$convert's 'to' argument must be a string or number, but is %s", typeName(tv.Type))
}

func conversionErr(in bson.RawValue, to bson.Type, detail string) error {
	msg := "Unsupported conversion from " + typeName(in.Type) + " to " + typeName(to) + " in $convert with no onError value"
	if detail != "" {
		msg = "Failed to parse " + typeName(to) + " '" + detail + "' in $convert with no onError value"
	}
	return newErr(CodeConversionFailure, msg)
}

// convertValue converts a non-null value to another type as $convert does.
func convertValue(in bson.RawValue, to bson.Type) (bson.RawValue, error) {
	if in.Type == to {
		return in, nil
	}
	switch to {
	case bson.TypeString:
		return convertToString(in)
	case bson.TypeBoolean:
		return valBool(truthy(in)), nil
	case bson.TypeInt32, bson.TypeInt64, bson.TypeDouble, bson.TypeDecimal128:
		return convertToNumber(in, to)
	case bson.TypeObjectID:
		if s, ok := in.StringValueOK(); ok {
			if id, err := bson.ObjectIDFromHex(s); err == nil {
				return bson.RawValue{Type: bson.TypeObjectID, Value: bson.AppendObjectID(nil, id)}, nil
			}
			return bson.RawValue{}, conversionErr(in, to, s)
		}
	case bson.TypeDateTime:
		return convertToDate(in)
	}
	return bson.RawValue{}, conversionErr(in, to, "")
}

func convertToString(in bson.RawValue) (bson.RawValue, error) {
	switch in.Type {
	case bson.TypeObjectID:
		return valString(in.ObjectID().Hex()), nil
	case bson.TypeBoolean:
		return valString(strconv.FormatBool(in.Boolean())), nil
	case bson.TypeDouble:
		f := in.Double()
		if f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return valString(strconv.FormatFloat(f, 'f', -1, 64)), nil
		}
		return valString(strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	if s, ok := coerceToString(in); ok && in.Type != 0 {
		return valString(s), nil
	}
	return bson.RawValue{}, conversionErr(in, bson.TypeString, "")
}

func convertToNumber(in bson.RawValue, to bson.Type) (bson.RawValue, error) {
	var src bson.RawValue
	switch {
	case isNumber(in):
		src = in
	case in.Type == bson.TypeBoolean:
		src = valInt32(0)
		if in.Boolean() {
			src = valInt32(1)
		}
	case in.Type == bson.TypeDateTime:
		src = valInt64(int64(in.DateTime()))
	case in.Type == bson.TypeString:
		v, ok := parseNumberString(in.StringValue(), to)
		if !ok {
			return bson.RawValue{}, conversionErr(in, to, in.StringValue())
		}
		return v, nil
	default:
		return bson.RawValue{}, conversionErr(in, to, "")
	}
	return castNumber(src, to, in)
}

// castNumber converts between numeric types, truncating toward zero for
// integers and failing when the value does not fit.
func castNumber(v bson.RawValue, to bson.Type, orig bson.RawValue) (bson.RawValue, error) {
	switch to {
	case bson.TypeDouble:
		return valDouble(numFloat(v)), nil
	case bson.TypeDecimal128:
		return valDecimal(numDecimal(v)), nil
	}
	f := numFloat(v)
	var n int64
	if v.Type == bson.TypeInt32 || v.Type == bson.TypeInt64 {
		n = numInt64(v)
	} else if math.IsNaN(f) || math.IsInf(f, 0) || f >= 9.223372036854775807e18 || f < -9.223372036854775808e18 {
		return bson.RawValue{}, newErr(CodeConversionFailure, "Conversion would overflow target type in $convert with no onError value: "+formatValue(orig))
	} else {
		n = int64(math.Trunc(f))
	}
	if to == bson.TypeInt32 {
		if n < math.MinInt32 || n > math.MaxInt32 {
			return bson.RawValue{}, newErr(CodeConversionFailure, "Conversion would overflow target type in $convert with no onError value: "+formatValue(orig))
		}
		return valInt32(int32(n)), nil
	}
	return valInt64(n), nil
}

func parseNumberString(s string, to bson.Type) (bson.RawValue, bool) {
	switch to {
	case bson.TypeInt32:
		n, err := strconv.ParseInt(s, 10, 32)
		return valInt32(int32(n)), err == nil
	case bson.TypeInt64:
		n, err := strconv.ParseInt(s, 10, 64)
		return valInt64(n), err == nil
	case bson.TypeDouble:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return valDouble(f), err == nil
	}
	d, err := bson.ParseDecimal128(s)
	return valDecimal(d), err == nil
}
