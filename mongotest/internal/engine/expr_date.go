package engine

import (
	"strconv"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// Date expression operators: the date parts and $dateToString, in UTC or
// an Olson/offset timezone.

func init() {
	parts := map[string]func(t time.Time) int{
		"$year": func(t time.Time) int { return t.Year() }, "$month": func(t time.Time) int { return int(t.Month()) },
		"$dayOfMonth": time.Time.Day, "$hour": time.Time.Hour, "$minute": time.Time.Minute,
		"$second": time.Time.Second, "$millisecond": func(t time.Time) int { return t.Nanosecond() / 1e6 },
		"$dayOfWeek": func(t time.Time) int { return int(t.Weekday()) + 1 }, "$dayOfYear": time.Time.YearDay,
		"$isoWeek":     func(t time.Time) int { _, w := t.ISOWeek(); return w },
		"$isoWeekYear": func(t time.Time) int { y, _ := t.ISOWeek(); return y },
	}
	for name, f := range parts {
		exprOps[name] = parseDatePart(f)
	}
	exprOps["$dateToString"] = parseDateToString
}

// dateOf returns the instant a date, timestamp or ObjectId stands for.
func dateOf(v bson.RawValue) (time.Time, bool) {
	switch v.Type {
	case bson.TypeDateTime:
		return v.Time(), true
	case bson.TypeTimestamp:
		return time.Unix(int64(v.Timestamp().T), 0).UTC(), true
	case bson.TypeObjectID:
		return v.ObjectID().Timestamp(), true
	}
	return time.Time{}, false
}

type datePartExpr struct {
	date, tz expr
	part     func(time.Time) int
}

func parseDatePart(part func(time.Time) int) opParser {
	return func(c *compiler, name string, arg bson.RawValue) (expr, error) {
		if d, ok := arg.DocumentOK(); ok && !isOperatorDoc(d) && d.Lookup("date").Type != 0 {
			args, err := c.namedArgs(name, arg, 40535, []string{"date"}, "timezone")
			if err != nil {
				return nil, err
			}
			return datePartExpr{date: args["date"], tz: args["timezone"], part: part}, nil
		}
		args, err := c.parseArgs(arg)
		if err != nil {
			return nil, err
		}
		if err := arity(name, len(args), 1, 1); err != nil {
			return nil, err
		}
		return datePartExpr{date: args[0], part: part}, nil
	}
}

func (x datePartExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	v, err := x.date.eval(ec)
	if err != nil || isNullish(v) {
		return valNull, err
	}
	t, ok := dateOf(v)
	if !ok {
		return bson.RawValue{}, errorf(16006, "can't convert from BSON type %s to Date", typeName(v.Type))
	}
	if t, err = inZone(ec, t, x.tz); err != nil {
		return bson.RawValue{}, err
	}
	return valInt32(int32(x.part(t))), nil
}

// inZone converts t to the timezone an optional expression names.
func inZone(ec *evalCtx, t time.Time, tz expr) (time.Time, error) {
	if tz == nil {
		return t, nil
	}
	v, err := tz.eval(ec)
	if err != nil || isNullish(v) {
		return t, err
	}
	name, ok := v.StringValueOK()
	if !ok {
		return t, errorf(40517, "timezone must evaluate to a string, found %s", typeName(v.Type))
	}
	loc, err := zone(name)
	if err != nil {
		return t, err
	}
	return t.In(loc), nil
}

func zone(name string) (*time.Location, error) {
	if name == "UTC" || name == "GMT" || name == "Z" {
		return time.UTC, nil
	}
	if strings.HasPrefix(name, "+") || strings.HasPrefix(name, "-") {
		s := strings.ReplaceAll(name[1:], ":", "")
		if len(s) == 2 {
			s += "00"
		}
		h, err1 := strconv.Atoi(s[:min(2, len(s))])
		m, err2 := strconv.Atoi(s[min(2, len(s)):])
		if err1 == nil && err2 == nil && len(s) == 4 {
			off := (h*60 + m) * 60
			if name[0] == '-' {
				off = -off
			}
			return time.FixedZone(name, off), nil
		}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, errorf(40485, "unrecognized time zone identifier: \"%s\"", name)
	}
	return loc, nil
}

type dateToStringExpr struct{ date, format, tz, onNull expr }

func parseDateToString(c *compiler, name string, arg bson.RawValue) (expr, error) {
	args, err := c.namedArgs(name, arg, 18534, []string{"date"}, "format", "timezone", "onNull")
	if err != nil {
		return nil, err
	}
	return dateToStringExpr{args["date"], args["format"], args["timezone"], args["onNull"]}, nil
}

func (x dateToStringExpr) eval(ec *evalCtx) (bson.RawValue, error) {
	v, err := x.date.eval(ec)
	if err != nil {
		return bson.RawValue{}, err
	}
	if isNullish(v) {
		if x.onNull != nil {
			return x.onNull.eval(ec)
		}
		return valNull, nil
	}
	t, ok := dateOf(v)
	if !ok {
		return bson.RawValue{}, errorf(16006, "can't convert from BSON type %s to Date", typeName(v.Type))
	}
	if t, err = inZone(ec, t, x.tz); err != nil {
		return bson.RawValue{}, err
	}
	format := "%Y-%m-%dT%H:%M:%S.%LZ"
	if x.format != nil {
		fv, err := x.format.eval(ec)
		if err != nil {
			return bson.RawValue{}, err
		}
		if format, ok = fv.StringValueOK(); !ok {
			return bson.RawValue{}, errorf(18533, "$dateToString requires that 'format' be a string, found: %s", typeName(fv.Type))
		}
	}
	return formatDate(t, format)
}

func formatDate(t time.Time, format string) (bson.RawValue, error) {
	var sb strings.Builder
	pad := func(n, w int) {
		s := strconv.Itoa(n)
		for i := len(s); i < w; i++ {
			sb.WriteByte('0')
		}
		sb.WriteString(s)
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			sb.WriteByte(format[i])
			continue
		}
		i++
		switch format[i] {
		case 'Y':
			pad(t.Year(), 4)
		case 'm':
			pad(int(t.Month()), 2)
		case 'd':
			pad(t.Day(), 2)
		case 'H':
			pad(t.Hour(), 2)
		case 'M':
			pad(t.Minute(), 2)
		case 'S':
			pad(t.Second(), 2)
		case 'L':
			pad(t.Nanosecond()/1e6, 3)
		case 'j':
			pad(t.YearDay(), 3)
		case 'w':
			pad(int(t.Weekday())+1, 1)
		case 'z':
			sb.WriteString(t.Format("-0700"))
		case '%':
			sb.WriteByte('%')
		default:
			return bson.RawValue{}, errorf(18536, "Invalid format character '%%%c' in format string", format[i])
		}
	}
	return valString(sb.String()), nil
}

func convertToDate(in bson.RawValue) (bson.RawValue, error) {
	switch in.Type {
	case bson.TypeInt64, bson.TypeDouble, bson.TypeDecimal128:
		return valDate(int64(numFloat(in))), nil
	case bson.TypeTimestamp, bson.TypeObjectID:
		t, _ := dateOf(in)
		return valDate(t.UnixMilli()), nil
	case bson.TypeString:
		s := in.StringValue()
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, s); err == nil {
				return valDate(t.UnixMilli()), nil
			}
		}
		return bson.RawValue{}, conversionErr(in, bson.TypeDateTime, s)
	}
	return bson.RawValue{}, conversionErr(in, bson.TypeDateTime, "")
}
