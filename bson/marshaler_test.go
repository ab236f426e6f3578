package bson_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// point implements Marshaler and Unmarshaler with pointer receivers, as
// types usually do.
type point struct{ X, Y int32 }

func (p *point) MarshalBSON() ([]byte, error) {
	return doc(i32("x", p.X), i32("y", p.Y)), nil
}

func (p *point) UnmarshalBSON(b []byte) error {
	r := bson.Raw(b)
	p.X, p.Y = r.Lookup("x").Int32(), r.Lookup("y").Int32()
	return nil
}

// level implements the value interfaces with value receivers.
type level int

func (l level) MarshalBSONValue() (bson.Type, []byte, error) {
	return bson.TypeString, bson.AppendString(nil, [...]string{"low", "high"}[l]), nil
}

func (l *level) UnmarshalBSONValue(t bson.Type, b []byte) error {
	s, ok := bson.RawValue{Type: t, Value: b}.StringValueOK()
	if !ok {
		return errors.New("level must be a string")
	}
	if s == "high" {
		*l = 1
	} else {
		*l = 0
	}
	return nil
}

// keeper keeps the bytes it is given, to show they are a copy.
type keeper struct{ b []byte }

func (k *keeper) UnmarshalBSON(b []byte) error { k.b = b; return nil }

type badMarshaler struct{}

func (badMarshaler) MarshalBSON() ([]byte, error) { return []byte{1, 2, 3}, nil }

type failing struct{}

func (failing) MarshalBSON() ([]byte, error) { return nil, errors.New("boom") }

func TestMarshaler(t *testing.T) {
	type holder struct {
		P   point
		PP  *point
		L   level
		LP  *level
		Nil *level
	}
	high := level(1)
	h := &holder{P: point{1, 2}, PP: &point{3, 4}, L: 1, LP: &high}
	b, err := bson.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	want := doc(sub("p", doc(i32("x", 1), i32("y", 2))), sub("pp", doc(i32("x", 3), i32("y", 4))),
		str("l", "high"), str("lp", "high"), null("nil"))
	if !bytes.Equal(b, want) {
		t.Fatalf("Marshal(&holder) =\n  %x\nwant\n  %x", b, want)
	}
	var out holder
	if err := bson.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, *h) {
		t.Fatalf("round trip = %+v, want %+v", out, *h)
	}

	// A struct passed by value is not addressable, so the pointer-receiver
	// MarshalBSON of its field is not used (as in the official driver).
	b, err = bson.Marshal(holder{P: point{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if got := bson.Raw(b).Lookup("p").Document().Lookup("x"); got.Type != bson.TypeInt32 {
		t.Fatalf("by value: %x", b)
	}

	// A top-level Unmarshaler gets the document; it is a copy.
	in := doc(i32("x", 9))
	var k keeper
	if err := bson.Unmarshal(in, &k); err != nil {
		t.Fatal(err)
	}
	in[4] = 0xff
	if !bytes.Equal(k.b, doc(i32("x", 9))) {
		t.Fatalf("UnmarshalBSON kept %x, want a copy", k.b)
	}
	var p point
	if err := bson.Unmarshal(doc(i32("x", 5)), &p); err != nil || p.X != 5 {
		t.Fatalf("top-level Unmarshaler: %+v %v", p, err)
	}
	if err := bson.Unmarshal(doc(), (*point)(nil)); !errors.Is(err, bson.ErrInvalidTarget) {
		t.Fatalf("nil *point target: %v", err)
	}
}

func TestMarshalerErrors(t *testing.T) {
	if _, err := bson.Marshal(bson.D{{Key: "m", Value: badMarshaler{}}}); !errors.Is(err, bson.ErrBadEncoding) {
		t.Errorf("malformed MarshalBSON output: %v", err)
	}
	_, err := bson.Marshal(bson.D{{Key: "f", Value: failing{}}})
	var me *bson.MarshalError
	if !errors.As(err, &me) || me.Path != "f" || me.Err == nil || !containsStr(err.Error(), "boom") {
		t.Errorf("failing MarshalBSON: %v", err)
	}
	var l struct{ L level }
	err = bson.Unmarshal(doc(i32("l", 1)), &l)
	var ue *bson.UnmarshalError
	if !errors.As(err, &ue) || ue.Path != "l" {
		t.Errorf("failing UnmarshalBSONValue: %v", err)
	}
}

func containsStr(s, sub string) bool { return bytes.Contains([]byte(s), []byte(sub)) }

func TestRoundTrip(t *testing.T) {
	type nested struct {
		Name  string
		Kids  []nested
		Attrs map[string]any
		Doc   bson.D
		Arr   bson.A
		Ptr   *nested `bson:",omitempty"`
	}
	values := []any{
		&bson.D{{Key: "a", Value: bson.D{{Key: "b", Value: bson.A{int32(1), "x", bson.D{}, bson.A{}, nil, true, 2.5, int64(3)}}}}},
		// Nested documents decode as D, even inside an M.
		&bson.M{"m": bson.D{{Key: "n", Value: bson.A{bson.D{{Key: "o", Value: int32(1)}}}}}},
		&nested{Name: "root", Kids: []nested{{Name: "kid", Kids: []nested{}, Attrs: map[string]any{"k": bson.D{{Key: "x", Value: int32(1)}}}, Doc: bson.D{}, Arr: bson.A{}}},
			Attrs: map[string]any{"a": bson.A{int32(1)}}, Doc: bson.D{{Key: "d", Value: "v"}}, Arr: bson.A{bson.D{{Key: "e", Value: int64(5)}}},
			Ptr: &nested{Name: "p", Kids: []nested{}, Attrs: map[string]any{}, Doc: bson.D{}, Arr: bson.A{}}},
	}
	for _, v := range values {
		b, err := bson.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out := reflect.New(reflect.TypeOf(v).Elem())
		if err := bson.Unmarshal(b, out.Interface()); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(out.Interface(), v) {
			t.Errorf("round trip of %T:\n got %#v\nwant %#v", v, out.Interface(), v)
		}
		b2, err := bson.Marshal(out.Interface())
		if err != nil || !bytes.Equal(b, b2) {
			t.Errorf("re-marshal of %T differs: %v", v, err)
		}
	}
}

// TestDecodedAppendDoesNotClobber: the D values of one Unmarshal share
// memory blocks, so each must be capped to its own elements.
func TestDecodedAppendDoesNotClobber(t *testing.T) {
	var d bson.D
	if err := bson.Unmarshal(doc(sub("a", doc(i32("x", 1))), sub("b", doc(i32("y", 2)))), &d); err != nil {
		t.Fatal(err)
	}
	a := d[0].Value.(bson.D)
	_ = append(a, bson.E{Key: "z", Value: 3})
	if got := d[1].Value.(bson.D)[0].Key; got != "y" {
		t.Fatalf("appending to one decoded D changed another: key %q", got)
	}
	d = append(d, bson.E{Key: "c"})
	if d[0].Value.(bson.D)[0].Key != "x" {
		t.Fatal("appending to the top D changed a nested one")
	}
}
