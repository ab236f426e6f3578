package bson_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// celsius encodes itself as a string like "21.5C" through a registration.
type celsius float64

func celsiusRegistry() *bson.Registry {
	r := bson.NewRegistry()
	r.RegisterTypeEncoder(reflect.TypeFor[celsius](), func(dst []byte, v reflect.Value) (bson.Type, []byte, error) {
		return bson.TypeString, bson.AppendString(dst, strconv.FormatFloat(v.Float(), 'f', -1, 64)+"C"), nil
	})
	r.RegisterTypeDecoder(reflect.TypeFor[celsius](), func(t bson.Type, data []byte, v reflect.Value) error {
		s, ok := bson.RawValue{Type: t, Value: data}.StringValueOK()
		if !ok || !strings.HasSuffix(s, "C") {
			return fmt.Errorf("not a temperature: %v", t)
		}
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "C"), 64)
		v.SetFloat(f)
		return err
	})
	return r
}

func TestRegistryTypeCodec(t *testing.T) {
	r := celsiusRegistry()
	type reading struct {
		T  celsius
		TS []celsius
	}
	in := reading{T: 21.5, TS: []celsius{1}}
	b, err := r.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := doc(str("t", "21.5C"), array("ts", arr(str("0", "1C"))))
	if !bytes.Equal(b, want) {
		t.Fatalf("Marshal = %x, want %x", b, want)
	}
	var out reading
	if err := r.Unmarshal(b, &out); err != nil || !reflect.DeepEqual(out, in) {
		t.Fatalf("Unmarshal = %+v, %v", out, err)
	}
	// The default registry is unaffected.
	if b, err := bson.Marshal(in); err != nil || bytes.Equal(b, want) {
		t.Fatalf("default registry used the registration: %x %v", b, err)
	}
	// Decoder errors carry the path.
	err = r.Unmarshal(doc(str("t", "hot")), &out)
	var ue *bson.UnmarshalError
	if !errors.As(err, &ue) || ue.Path != "t" {
		t.Fatalf("error = %v, want an *UnmarshalError at t", err)
	}
}

// A registration for a built-in type reaches values inside D and any too.
func TestRegistryOverridesBuiltin(t *testing.T) {
	r := bson.NewRegistry()
	r.RegisterTypeEncoder(reflect.TypeFor[string](), func(dst []byte, v reflect.Value) (bson.Type, []byte, error) {
		return bson.TypeString, bson.AppendString(dst, strings.ToUpper(v.String())), nil
	})
	r.RegisterTypeDecoder(reflect.TypeFor[string](), func(t bson.Type, data []byte, v reflect.Value) error {
		s, _ := bson.RawValue{Type: t, Value: data}.StringValueOK()
		v.SetString("<" + s + ">")
		return nil
	})
	b, err := r.Marshal(bson.D{{Key: "a", Value: bson.A{"x"}}})
	if err != nil || !bytes.Equal(b, doc(array("a", arr(str("0", "X"))))) {
		t.Fatalf("Marshal = %x, %v", b, err)
	}
	var d bson.D
	if err := r.Unmarshal(doc(array("a", arr(str("0", "y")))), &d); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d, bson.D{{Key: "a", Value: bson.A{"<y>"}}}) {
		t.Fatalf("Unmarshal = %v", d)
	}
	// Removing the registration restores the default.
	r.RegisterTypeEncoder(reflect.TypeFor[string](), nil)
	if b, _ := r.Marshal(bson.D{{Key: "a", Value: "x"}}); !bytes.Equal(b, doc(str("a", "x"))) {
		t.Fatalf("after removal: %x", b)
	}
}

type stringer interface{ String() string }

type color int

func (c color) String() string { return [...]string{"red", "green"}[c] }

func TestRegistryInterfaceCodec(t *testing.T) {
	r := bson.NewRegistry()
	r.RegisterInterfaceEncoder(reflect.TypeFor[stringer](), func(dst []byte, v reflect.Value) (bson.Type, []byte, error) {
		return bson.TypeString, bson.AppendString(dst, v.Interface().(stringer).String()), nil
	})
	b, err := r.Marshal(struct{ C color }{1})
	if err != nil || !bytes.Equal(b, doc(str("c", "green"))) {
		t.Fatalf("Marshal = %x, %v", b, err)
	}
	// Built-in types keep their encoding even when they implement the interface.
	id := bson.ObjectID{1}
	b, err = r.Marshal(bson.D{{Key: "id", Value: id}})
	if err != nil || !bytes.Equal(b, doc(func(b []byte) []byte { return bson.AppendObjectIDElement(b, "id", id) })) {
		t.Fatalf("ObjectID: %x, %v", b, err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("registering a non-interface type did not panic")
		}
	}()
	r.RegisterInterfaceEncoder(reflect.TypeFor[int](), nil)
}

func TestRegistryBadEncoderOutput(t *testing.T) {
	r := bson.NewRegistry()
	r.RegisterTypeEncoder(reflect.TypeFor[celsius](), func(dst []byte, v reflect.Value) (bson.Type, []byte, error) {
		return bson.TypeInt32, append(dst, 1), nil // too short for an int32
	})
	if _, err := r.Marshal(bson.D{{Key: "c", Value: celsius(1)}}); !errors.Is(err, bson.ErrBadEncoding) {
		t.Fatalf("Marshal = %v, want ErrBadEncoding", err)
	}
}

func TestRegistryOptions(t *testing.T) {
	in := doc(sub("d", doc(i32("x", 1))), bin("b", 0, []byte{1}), dbl("i", 2.5),
		func(b []byte) []byte { return bson.AppendObjectIDElement(b, "s", bson.ObjectID{0xab}) })
	r := bson.NewRegistry()
	r.SetOptions(bson.Options{DocumentsAsM: true, BinaryAsSlice: true, AllowTruncatingDoubles: true, ObjectIDAsHexString: true})
	if !r.Options().DocumentsAsM {
		t.Fatal("Options() does not return what SetOptions set")
	}
	var m bson.M
	if err := r.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["d"].(bson.M); !ok {
		t.Errorf("DocumentsAsM: d is %T", m["d"])
	}
	if _, ok := m["b"].([]byte); !ok {
		t.Errorf("BinaryAsSlice: b is %T", m["b"])
	}
	var st struct {
		I int
		S string
	}
	if err := r.Unmarshal(in, &st); err != nil || st.I != 2 || st.S != (bson.ObjectID{0xab}).Hex() {
		t.Errorf("truncate/hex: %+v %v", st, err)
	}

	e := bson.NewRegistry()
	e.SetOptions(bson.Options{IntMinSize: true, NilSliceAsEmpty: true, NilMapAsEmpty: true, NilByteSliceAsEmpty: true, OmitEmpty: true})
	b, err := e.Marshal(struct {
		I int64
		S []int
		M map[string]int
		B []byte
		Z string
	}{I: 1})
	want := doc(i32("i", 1))
	if err != nil || !bytes.Equal(b, want) {
		t.Errorf("OmitEmpty/minsize: %x %v, want %x", b, err, want)
	}
	b, err = e.Marshal(bson.D{{Key: "s", Value: []int(nil)}, {Key: "m", Value: map[string]int(nil)}, {Key: "b", Value: []byte(nil)}, {Key: "i", Value: int64(2)}})
	want = doc(array("s", arr()), sub("m", doc()), bin("b", 0, nil), i32("i", 2))
	if err != nil || !bytes.Equal(b, want) {
		t.Errorf("nil as empty: %x %v, want %x", b, err, want)
	}

	z := bson.NewRegistry()
	z.SetOptions(bson.Options{ZeroMaps: true, ZeroStructs: true})
	mm := map[string]int{"old": 1}
	p := plain{Count: 5}
	if err := z.Unmarshal(doc(i32("new", 1)), &mm); err != nil || len(mm) != 1 {
		t.Errorf("ZeroMaps: %v %v", mm, err)
	}
	if err := z.Unmarshal(doc(str("name", "n")), &p); err != nil || p.Count != 0 {
		t.Errorf("ZeroStructs: %+v %v", p, err)
	}
}

func TestRegistryConcurrent(t *testing.T) {
	r := celsiusRegistry()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				b, err := r.Marshal(struct{ T celsius }{celsius(i)})
				if err != nil {
					t.Error(err)
					return
				}
				var out struct{ T celsius }
				if err := r.Unmarshal(b, &out); err != nil || out.T != celsius(i) {
					t.Errorf("round trip %d: %v %v", i, out, err)
					return
				}
				if i%50 == 0 {
					r.SetOptions(bson.Options{})
				}
			}
		}()
	}
	wg.Wait()
}

func TestZeroRegistry(t *testing.T) {
	var r bson.Registry
	b, err := r.Marshal(bson.D{{Key: "a", Value: int32(1)}})
	if err != nil || !bytes.Equal(b, doc(i32("a", 1))) {
		t.Fatalf("zero Registry Marshal = %x, %v", b, err)
	}
	var d bson.D
	if err := r.Unmarshal(b, &d); err != nil || len(d) != 1 {
		t.Fatalf("zero Registry Unmarshal = %v, %v", d, err)
	}
}
