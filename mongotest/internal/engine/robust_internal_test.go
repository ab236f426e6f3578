package engine

import (
	"context"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// These white-box tests drive every registered operator, stage and update
// modifier with arguments of every shape, to show that bad input yields
// errors and never panics.

func shapes() []bson.RawValue {
	f := &fieldList{}
	f.set("a", valInt32(1))
	g := &fieldList{}
	g.set("input", valString("$a"))
	g.set("field", valString("a"))
	g.set("value", valNull)
	g.set("as", valString("x"))
	g.set("in", valString("$$x"))
	g.set("if", valTrue)
	g.set("then", valInt32(1))
	g.set("else", valInt32(2))
	return []bson.RawValue{
		valNull, valInt32(-1), valInt32(0), valInt64(1 << 40), valDouble(2.5), valString("x"), valString("$a"),
		valTrue, valDoc(emptyDoc), valEmptyA, f.value(), g.value(),
		valArray([]bson.RawValue{valInt32(1), valInt32(2), valInt32(3)}),
		valArray([]bson.RawValue{valString("$a"), valString("$b")}),
		valArray([]bson.RawValue{valEmptyA, valNull, valDouble(-0.5)}),
		valArray([]bson.RawValue{f.value(), valString("x")}),
		valDecimal(decFromInt(7)), valDate(5),
	}
}

func robustDocs() []bson.Raw {
	f := &fieldList{}
	f.set("_id", valInt32(1))
	f.set("a", valArray([]bson.RawValue{valInt32(1), valString("s"), valDoc(emptyDoc)}))
	f.set("b", valDouble(2))
	g := &fieldList{}
	g.set("a", valString("str"))
	return []bson.Raw{f.doc(), g.doc(), emptyDoc}
}

func wrap(key string, v bson.RawValue) bson.RawValue {
	f := &fieldList{}
	f.set(key, v)
	return f.value()
}

func TestExpressionOperatorsNeverPanic(t *testing.T) {
	for name := range exprOps {
		for _, arg := range shapes() {
			x, err := CompileExpression(wrap(name, arg), nil)
			if err != nil {
				continue
			}
			for _, d := range robustDocs() {
				_, _ = x.Eval(d)
			}
		}
	}
}

func TestStagesNeverPanic(t *testing.T) {
	names := append([]string{}, HostStages...)
	for name := range stageParsers {
		names = append(names, name)
	}
	for _, name := range names {
		for _, arg := range shapes() {
			p, err := CompilePipeline([]bson.Raw{wrap(name, arg).Document()}, nil)
			if err != nil {
				continue
			}
			_, _ = p.Run(context.Background(), robustDocs(), nil)
		}
	}
}

func TestFilterOperatorsNeverPanic(t *testing.T) {
	ops := []string{"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$type", "$regex",
		"$mod", "$size", "$elemMatch", "$all", "$not", "$bitsAllSet", "$bitsAnyClear", "$options"}
	for _, op := range ops {
		for _, arg := range shapes() {
			f, err := CompileFilter(wrap("a", wrap(op, arg)).Document(), nil)
			if err != nil {
				continue
			}
			for _, d := range robustDocs() {
				_, _, _ = f.MatchPos(d)
			}
		}
	}
}

func TestUpdateModifiersNeverPanic(t *testing.T) {
	paths := []string{"a", "a.0", "a.b", "a.$[]", "a.$", "b.c.d", "_id"}
	for mod := range modifiers {
		for _, p := range paths {
			for _, arg := range shapes() {
				u, err := CompileUpdate(wrap(mod, wrap(p, arg)), UpdateOptions{})
				if err != nil {
					continue
				}
				for _, d := range robustDocs() {
					_, _, _ = u.Apply(d, 0)
					_, _, _ = u.Apply(d, -1)
				}
				_, _ = u.Upsert(emptyDoc)
			}
		}
	}
}
