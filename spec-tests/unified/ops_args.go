package unified

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// args reads an operation's arguments and remembers which were read, so
// that done can refuse the ones an operation does not understand instead
// of silently ignoring them.
type args struct {
	raw     bson.Raw
	used    map[string]bool
	missing []string
	bad     []string
}

// invalid records a problem with argument k.
func (a *args) invalid(k, problem string) { a.bad = append(a.bad, k+": "+problem) }

func newArgs(raw bson.Raw) *args { return &args{raw: raw, used: map[string]bool{}} }

// val returns the argument k, the zero value when absent.
func (a *args) val(k string) bson.RawValue {
	a.used[k] = true
	if len(a.raw) == 0 {
		return bson.RawValue{}
	}
	return a.raw.Lookup(k)
}

// any returns argument k as a value the bson package marshals, or nil when
// absent.
func (a *args) any(k string) any {
	v := a.val(k)
	switch {
	case v.IsZero():
		return nil
	case v.Type == bson.TypeEmbeddedDoc:
		return v.Document()
	case v.Type == bson.TypeArray:
		return v.Array()
	}
	return v
}

// doc returns argument k as a document, nil when absent.
func (a *args) doc(k string) bson.Raw {
	d, _ := a.val(k).DocumentOK()
	return d
}

func (a *args) str(k string) string { return a.val(k).StringValue() }

func (a *args) boolean(k string) bool {
	b, _ := a.val(k).BooleanOK()
	return b
}

func (a *args) optBool(k string) client.Optional[bool] {
	if b, ok := a.val(k).BooleanOK(); ok {
		return client.Some(b)
	}
	return client.Optional[bool]{}
}

func (a *args) int64(k string) int64 {
	n, _ := a.val(k).AsInt64OK()
	return n
}

func (a *args) ms(k string) time.Duration { return time.Duration(a.int64(k)) * time.Millisecond }

// docs returns argument k as a list of documents.
func (a *args) docs(k string) []any {
	arr, ok := a.val(k).ArrayOK()
	if !ok {
		return nil
	}
	vals, _ := arr.Values()
	out := make([]any, len(vals))
	for i, v := range vals {
		if d, ok := v.DocumentOK(); ok {
			out[i] = d
		} else {
			out[i] = v
		}
	}
	return out
}

// require records that k must be present.
func (a *args) require(keys ...string) {
	for _, k := range keys {
		if a.val(k).IsZero() {
			a.missing = append(a.missing, k)
		}
	}
}

// done reports the arguments that were never read.
func (a *args) done() error {
	if len(a.missing) > 0 {
		return fmt.Errorf("missing required argument(s) %q", a.missing)
	}
	if len(a.bad) > 0 {
		return fmt.Errorf("invalid argument(s): %s", strings.Join(a.bad, "; "))
	}
	if len(a.raw) == 0 {
		return nil
	}
	var extra []string
	it := a.raw.Iter()
	for it.Next() {
		if !a.used[it.Key()] {
			extra = append(extra, it.Key())
		}
	}
	if len(extra) == 0 {
		return it.Err()
	}
	sort.Strings(extra)
	return fmt.Errorf("arguments %q: %w", extra, ErrUnknownArgument)
}

// docValue wraps a document as a RawValue.
func rawDoc(d bson.Raw) bson.RawValue {
	return bson.RawValue{Type: bson.TypeEmbeddedDoc, Value: d}
}

// marshalValue turns a Go value into a result value.
func marshalValue(v any) (bson.RawValue, error) {
	t, b, err := bson.MarshalValue(v)
	if err != nil {
		return bson.RawValue{}, err
	}
	return bson.RawValue{Type: t, Value: b}, nil
}

// docResult returns a result holding the document built from d.
func docResult(d bson.D) (Result, error) {
	b, err := bson.Marshal(d)
	if err != nil {
		return Result{}, err
	}
	return Result{Value: rawDoc(b)}, nil
}

// docsResult returns documents read from a cursor as an array whose
// elements match as root documents.
func docsResult(docs []bson.Raw) Result {
	dst, start := bson.AppendDocumentStart(nil)
	for i, d := range docs {
		dst = bson.AppendDocumentElement(dst, strconv.Itoa(i), d)
	}
	dst = bson.AppendDocumentEnd(dst, start)
	return Result{Value: bson.RawValue{Type: bson.TypeArray, Value: dst}, RootElements: true}
}

// drain reads every document of cur, copying each, and closes it.
func drain(ctx context.Context, cur *client.Cursor) ([]bson.Raw, error) {
	defer cur.Close(ctx)
	var out []bson.Raw
	for d, err := range cur.Docs(ctx) {
		if err != nil {
			return out, err
		}
		out = append(out, append(bson.Raw(nil), d...))
	}
	return out, nil
}
