package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/cwal-go/cwal/bson"
)

// String expression operators.

func init() {
	registerOps(map[string]opParser{
		"$concat":       fn(0, -1, exprConcat),
		"$toUpper":      fn1(caseOp(strings.ToUpper)),
		"$toLower":      fn1(caseOp(strings.ToLower)),
		"$strLenBytes":  fn1(strLen(34473, func(s string) int { return len(s) })),
		"$strLenCP":     fn1(strLen(34471, utf8.RuneCountInString)),
		"$substr":       fn(3, 3, exprSubstrBytes),
		"$substrBytes":  fn(3, 3, exprSubstrBytes),
		"$substrCP":     fn(3, 3, exprSubstrCP),
		"$split":        fn(2, 2, exprSplit),
		"$strcasecmp":   fn(2, 2, exprStrcasecmp),
		"$indexOfBytes": fn(2, 4, exprIndexOfBytes),
		"$trim":         parseTrim,
		"$ltrim":        parseTrim,
		"$rtrim":        parseTrim,
		"$regexMatch":   parseRegexMatch,
		"$replaceOne":   parseReplace,
		"$replaceAll":   parseReplace,
	})
}

func exprConcat(_ *evalCtx, _ string, args []bson.RawValue) (bson.RawValue, error) {
	var sb strings.Builder
	for _, a := range args {
		if isNullish(a) {
			return valNull, nil
		}
		s, ok := a.StringValueOK()
		if !ok {
			return bson.RawValue{}, errorf(16702, "$concat only supports strings, not %s", typeName(a.Type))
		}
		sb.WriteString(s)
	}
	return valString(sb.String()), nil
}

// coerceToString converts as $toUpper and $toLower do: null becomes "".
func coerceToString(v bson.RawValue) (string, bool) {
	switch v.Type {
	case 0, bson.TypeNull, bson.TypeUndefined:
		return "", true
	case bson.TypeString, bson.TypeSymbol:
		s, _ := v.StringBytes()
		return string(s), true
	case bson.TypeInt32, bson.TypeInt64, bson.TypeDouble, bson.TypeDecimal128:
		s := formatValue(v)
		if v.Type == bson.TypeDecimal128 {
			s = v.Decimal128().String()
		}
		return s, true
	case bson.TypeDateTime:
		return v.Time().Format("2006-01-02T15:04:05.000Z"), true
	case bson.TypeTimestamp:
		return formatValue(v), true
	}
	return "", false
}

func caseOp(f func(string) string) func(*evalCtx, string, bson.RawValue) (bson.RawValue, error) {
	return func(_ *evalCtx, _ string, v bson.RawValue) (bson.RawValue, error) {
		s, ok := coerceToString(v)
		if !ok {
			return bson.RawValue{}, errorf(16007, "can't convert from BSON type %s to String", typeName(v.Type))
		}
		return valString(f(s)), nil
	}
}

func strLen(code int32, n func(string) int) func(*evalCtx, string, bson.RawValue) (bson.RawValue, error) {
	return func(_ *evalCtx, name string, v bson.RawValue) (bson.RawValue, error) {
		s, ok := v.StringValueOK()
		if !ok {
			return bson.RawValue{}, errorf(code, "%s requires a string argument, found: %s", name, typeName(v.Type))
		}
		return valInt(int64(n(s))), nil
	}
}

func exprSubstrBytes(_ *evalCtx, name string, a []bson.RawValue) (bson.RawValue, error) {
	s, ok := coerceToString(a[0])
	if !ok {
		return bson.RawValue{}, errorf(16007, "can't convert from BSON type %s to String", typeName(a[0].Type))
	}
	start, ok1 := numExactInt64(a[1])
	length, ok2 := numExactInt64(a[2])
	if !isNumber(a[1]) || !ok1 {
		return bson.RawValue{}, errorf(16034, "%s: starting index must be a numeric type (is BSON type %s)", name, typeName(a[1].Type))
	}
	if !isNumber(a[2]) || !ok2 {
		return bson.RawValue{}, errorf(16035, "%s: length must be a numeric type (is BSON type %s)", name, typeName(a[2].Type))
	}
	if start < 0 || start >= int64(len(s)) {
		return valString(""), nil
	}
	end := int64(len(s))
	if length >= 0 && start+length < end {
		end = start + length
	}
	if !utf8.ValidString(s[start:end]) {
		return bson.RawValue{}, errorf(28656, "%s: Invalid range, starting index is a UTF-8 continuation byte.", name)
	}
	return valString(s[start:end]), nil
}

func exprSubstrCP(_ *evalCtx, name string, a []bson.RawValue) (bson.RawValue, error) {
	s, ok := coerceToString(a[0])
	if !ok {
		return bson.RawValue{}, errorf(16007, "can't convert from BSON type %s to String", typeName(a[0].Type))
	}
	start, ok1 := numExactInt64(a[1])
	length, ok2 := numExactInt64(a[2])
	if !ok1 || start < 0 {
		return bson.RawValue{}, errorf(34455, "%s: starting index must be a non-negative integer", name)
	}
	if !ok2 || length < 0 {
		return bson.RawValue{}, errorf(34456, "%s: length must be a non-negative integer", name)
	}
	r := []rune(s)
	if start >= int64(len(r)) {
		return valString(""), nil
	}
	end := min(start+length, int64(len(r)))
	return valString(string(r[start:end])), nil
}

func exprSplit(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	if isNullish(a[0]) || isNullish(a[1]) {
		return valNull, nil
	}
	s, ok := a[0].StringValueOK()
	if !ok {
		return bson.RawValue{}, errorf(40085, "$split requires an expression that evaluates to a string as a first argument, found: %s", typeName(a[0].Type))
	}
	sep, ok := a[1].StringValueOK()
	if !ok {
		return bson.RawValue{}, errorf(40086, "$split requires an expression that evaluates to a string as a second argument, found: %s", typeName(a[1].Type))
	}
	if sep == "" {
		return bson.RawValue{}, errorf(40087, "$split requires a non-empty separator")
	}
	parts := strings.Split(s, sep)
	vals := make([]bson.RawValue, len(parts))
	for i, p := range parts {
		vals[i] = valString(p)
	}
	return valArray(vals), nil
}

func exprStrcasecmp(_ *evalCtx, _ string, a []bson.RawValue) (bson.RawValue, error) {
	l, ok1 := coerceToString(a[0])
	r, ok2 := coerceToString(a[1])
	if !ok1 || !ok2 {
		return bson.RawValue{}, errorf(16007, "can't convert from BSON type %s to String", typeName(a[0].Type))
	}
	return valInt32(int32(cmpStr(strings.ToUpper(l), strings.ToUpper(r)))), nil
}

func exprIndexOfBytes(_ *evalCtx, name string, a []bson.RawValue) (bson.RawValue, error) {
	if isNullish(a[0]) {
		return valNull, nil
	}
	s, ok := a[0].StringValueOK()
	if !ok {
		return bson.RawValue{}, errorf(40091, "%s requires a string as the first argument, found: %s", name, typeName(a[0].Type))
	}
	sub, ok := a[1].StringValueOK()
	if !ok {
		return bson.RawValue{}, errorf(40092, "%s requires a string as the second argument, found: %s", name, typeName(a[1].Type))
	}
	start, end := 0, len(s)
	if len(a) > 2 {
		n, ok := numExactInt64(a[2])
		if !ok || n < 0 {
			return bson.RawValue{}, errorf(40097, "%s requires an integral starting index", name)
		}
		start = int(min(n, int64(len(s))))
	}
	if len(a) > 3 {
		n, ok := numExactInt64(a[3])
		if !ok || n < 0 {
			return bson.RawValue{}, errorf(40097, "%s requires an integral ending index", name)
		}
		end = int(min(n, int64(len(s))))
	}
	if start > end {
		return valInt32(-1), nil
	}
	i := strings.Index(s[start:end], sub)
	if i < 0 {
		return valInt32(-1), nil
	}
	return valInt(int64(start + i)), nil
}

type trimExpr struct {
	left, right bool
	input       expr
	chars       expr
}

func parseTrim(c *compiler, name string, arg bson.RawValue) (expr, error) {
	args, err := c.namedArgs(name, arg, 50696, []string{"input"}, "chars")
	if err != nil {
		return nil, err
	}
	return trimExpr{left: name != "$rtrim", right: name != "$ltrim", input: args["input"], chars: args["chars"]}, nil
}

func (x trimExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	in, err := x.input.eval(ec)
	if err != nil || isNullish(in) {
		return valNull, err
	}
	s, ok := in.StringValueOK()
	if !ok {
		return bson.RawValue{}, errorf(50699, "trim requires its input to be a string, got %s", formatValue(in))
	}
	cutset := " \t\n\v\f\r\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u0000"
	if x.chars != nil {
		cv, err := x.chars.eval(ec)
		if err != nil || isNullish(cv) {
			return valNull, err
		}
		if cutset, ok = cv.StringValueOK(); !ok {
			return bson.RawValue{}, errorf(50700, "trim requires 'chars' to be a string, got %s", formatValue(cv))
		}
	}
	if x.left {
		s = strings.TrimLeft(s, cutset)
	}
	if x.right {
		s = strings.TrimRight(s, cutset)
	}
	return valString(s), nil
}

type regexMatchExpr struct{ input, regex, options expr }

func parseRegexMatch(c *compiler, name string, arg bson.RawValue) (expr, error) {
	args, err := c.namedArgs(name, arg, 51103, []string{"input", "regex"}, "options")
	if err != nil {
		return nil, err
	}
	return regexMatchExpr{args["input"], args["regex"], args["options"]}, nil
}

func (x regexMatchExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	in, err := x.input.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	rv, err := x.regex.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	opt, err := evalOpt(ec, x.options)
	if err != nil {
		return bson.RawValue{}, err
	}
	pattern, flags := "", ""
	switch rv.Type {
	case bson.TypeString:
		pattern = rv.StringValue()
	case bson.TypeRegex:
		r := rv.Regex()
		pattern, flags = r.Pattern, r.Options
	default:
		if isNullish(rv) {
			return valFalse, nil
		}
		return bson.RawValue{}, errorf(51105, "$regexMatch needs 'regex' to be of type string or regex")
	}
	if s, ok := opt.StringValueOK(); ok {
		flags += s
	}
	if isNullish(in) {
		return valFalse, nil
	}
	s, ok := in.StringValueOK()
	if !ok {
		return bson.RawValue{}, errorf(51104, "$regexMatch needs 'input' to be of type string")
	}
	re, err := compileRegex(pattern, flags)
	if err != nil {
		return bson.RawValue{}, err
	}
	return valBool(re.MatchString(s)), nil
}

type replaceExpr struct {
	all               bool
	input, find, repl expr
}

func parseReplace(c *compiler, name string, arg bson.RawValue) (expr, error) {
	args, err := c.namedArgs(name, arg, 51750, []string{"input", "find", "replacement"})
	if err != nil {
		return nil, err
	}
	return replaceExpr{name == "$replaceAll", args["input"], args["find"], args["replacement"]}, nil
}

func (x replaceExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	var s [3]string
	for i, e := range []expr{x.input, x.find, x.repl} {
		v, err := e.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if isNullish(v) {
			return valNull, nil
		}
		str, ok := v.StringValueOK()
		if !ok {
			return bson.RawValue{}, errorf(51746, "$replace requires its arguments to be strings, got %s", formatValue(v))
		}
		s[i] = str
	}
	n := 1
	if x.all {
		n = -1
	}
	return valString(strings.Replace(s[0], s[1], s[2], n)), nil
}
