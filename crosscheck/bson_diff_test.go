package crosscheck

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	cbson "github.com/cwal-go/cwal/bson"
	obson "go.mongodb.org/mongo-driver/v2/bson"
)

// Differential tests: cwal's bson and the official driver's must produce the
// same bytes and the same values for the same documents.

// knownCorpusDifferences lists corpus cases where the official driver is
// known to behave differently, with the reason. The test reports them
// instead of failing.
var knownCorpusDifferences = map[string]string{}

func TestCorpusAgainstOfficial(t *testing.T) {
	dir := filepath.Join(specDir(t), "source", "bson-corpus", "tests")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	for _, f := range files {
		var suite struct {
			Valid []struct {
				Description   string `json:"description"`
				CanonicalBSON string `json:"canonical_bson"`
				Lossy         bool   `json:"lossy"`
			} `json:"valid"`
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &suite); err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		passed, skipped, failed := 0, 0, 0
		for _, c := range suite.Valid {
			key := name + ": " + c.Description
			if reason, ok := knownCorpusDifferences[key]; ok {
				t.Logf("skip %s: %s", key, reason)
				skipped++
				continue
			}
			raw, err := hex.DecodeString(c.CanonicalBSON)
			if err != nil {
				t.Fatal(err)
			}
			if err := compareDecodeEncode(raw); err != nil {
				t.Errorf("%s: %v", key, err)
				failed++
				continue
			}
			passed++
		}
		fmt.Printf("crosscheck bson-corpus %s: %d passed, %d skipped, %d failed\n", name, passed, skipped, failed)
	}
}

// compareDecodeEncode decodes raw into D with both drivers, checks the
// values agree, and re-encodes with both: each must reproduce raw.
func compareDecodeEncode(raw []byte) error {
	var cd cbson.D
	if err := cbson.Unmarshal(raw, &cd); err != nil {
		return fmt.Errorf("cwal Unmarshal: %w", err)
	}
	var od obson.D
	if err := obson.Unmarshal(raw, &od); err != nil {
		return fmt.Errorf("official Unmarshal: %w", err)
	}
	if conv := toOfficial(cd); !valuesEqual(conv, od) {
		return fmt.Errorf("decoded values differ:\ncwal     %#v\nofficial %#v", conv, od)
	}
	cb, err := cbson.Marshal(cd)
	if err != nil {
		return fmt.Errorf("cwal Marshal: %w", err)
	}
	ob, err := obson.Marshal(od)
	if err != nil {
		return fmt.Errorf("official Marshal: %w", err)
	}
	if string(cb) != string(ob) {
		return fmt.Errorf("encodings differ:\ncwal     %x\nofficial %x", cb, ob)
	}
	if string(cb) != string(raw) {
		return fmt.Errorf("round trip changed bytes:\nin  %x\nout %x", raw, cb)
	}
	return nil
}

// TestRandomDocumentsAgainstOfficial marshals randomly generated nested
// documents of every type with both drivers and compares bytes, then decodes
// the bytes with both and compares values.
func TestRandomDocumentsAgainstOfficial(t *testing.T) {
	rng := rand.New(rand.NewSource(20261122))
	n := 2000
	if testing.Short() {
		n = 200
	}
	for i := 0; i < n; i++ {
		doc := randomDoc(rng, 0)
		cb, err := cbson.Marshal(doc)
		if err != nil {
			t.Fatalf("doc %d: cwal Marshal: %v", i, err)
		}
		ob, err := obson.Marshal(toOfficial(doc))
		if err != nil {
			t.Fatalf("doc %d: official Marshal: %v", i, err)
		}
		if string(cb) != string(ob) {
			t.Fatalf("doc %d: encodings differ\ncwal     %x\nofficial %x", i, cb, ob)
		}
		if err := compareDecodeEncode(cb); err != nil {
			t.Fatalf("doc %d: %v", i, err)
		}
	}
}

func randomDoc(rng *rand.Rand, depth int) cbson.D {
	n := rng.Intn(8)
	d := make(cbson.D, 0, n)
	for i := 0; i < n; i++ {
		d = append(d, cbson.E{Key: randomKey(rng), Value: randomValue(rng, depth)})
	}
	return d
}

func randomKey(rng *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEF_$.é"
	rs := []rune(letters)
	var sb strings.Builder
	for i, n := 0, 1+rng.Intn(8); i < n; i++ {
		sb.WriteRune(rs[rng.Intn(len(rs))])
	}
	return sb.String()
}

func randomValue(rng *rand.Rand, depth int) any {
	kinds := 21
	if depth >= 4 {
		kinds = 19 // no more nesting
	}
	switch rng.Intn(kinds) {
	case 0:
		return randomFloat(rng)
	case 1:
		return randomKey(rng) + "\u00e9\u4e16"
	case 2:
		return cbson.Binary{Subtype: []byte{0, 1, 3, 4, 5, 6, 7, 8, 0x80}[rng.Intn(9)], Data: randomBytes(rng)}
	case 3:
		return cbson.Undefined{}
	case 4:
		var id cbson.ObjectID
		rng.Read(id[:])
		return id
	case 5:
		return rng.Intn(2) == 1
	case 6:
		return cbson.DateTime(rng.Int63n(1<<45) - 1<<44)
	case 7:
		return cbson.Null{}
	case 8:
		return cbson.Regex{Pattern: randomKey(rng), Options: []string{"", "i", "ims", "mx"}[rng.Intn(4)]}
	case 9:
		var id cbson.ObjectID
		rng.Read(id[:])
		return cbson.DBPointer{DB: randomKey(rng), Pointer: id}
	case 10:
		return cbson.JavaScript("function() { return " + randomKey(rng) + "; }")
	case 11:
		return cbson.Symbol(randomKey(rng))
	case 12:
		return cbson.CodeWithScope{Code: cbson.JavaScript(randomKey(rng)), Scope: randomDoc(rng, 4)}
	case 13:
		return int32(rng.Uint32())
	case 14:
		return cbson.Timestamp{T: rng.Uint32(), I: rng.Uint32()}
	case 15:
		return int64(rng.Uint64())
	case 16:
		return cbson.NewDecimal128(rng.Uint64(), rng.Uint64())
	case 17:
		return cbson.MinKey{}
	case 18:
		return cbson.MaxKey{}
	case 19:
		return randomDoc(rng, depth+1)
	default:
		n := rng.Intn(5)
		a := make(cbson.A, n)
		for i := range a {
			a[i] = randomValue(rng, depth+1)
		}
		return a
	}
}

func randomFloat(rng *rand.Rand) float64 {
	switch rng.Intn(6) {
	case 0:
		return math.Inf(1 - 2*rng.Intn(2))
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return float64(rng.Intn(1000))
	}
	return rng.NormFloat64() * math.Pow(10, float64(rng.Intn(40)-20))
}

func randomBytes(rng *rand.Rand) []byte {
	b := make([]byte, rng.Intn(20))
	rng.Read(b)
	return b
}

// toOfficial converts a cwal value tree to the official driver's types.
func toOfficial(v any) any {
	switch x := v.(type) {
	case cbson.D:
		out := make(obson.D, len(x))
		for i, e := range x {
			out[i] = obson.E{Key: e.Key, Value: toOfficial(e.Value)}
		}
		return out
	case cbson.A:
		out := make(obson.A, len(x))
		for i, e := range x {
			out[i] = toOfficial(e)
		}
		return out
	case cbson.M:
		out := make(obson.M, len(x))
		for k, e := range x {
			out[k] = toOfficial(e)
		}
		return out
	case cbson.Binary:
		return obson.Binary{Subtype: x.Subtype, Data: x.Data}
	case cbson.Undefined:
		return obson.Undefined{}
	case cbson.ObjectID:
		return obson.ObjectID(x)
	case cbson.DateTime:
		return obson.DateTime(x)
	case cbson.Null:
		return obson.Null{}
	case cbson.Regex:
		return obson.Regex{Pattern: x.Pattern, Options: x.Options}
	case cbson.DBPointer:
		return obson.DBPointer{DB: x.DB, Pointer: obson.ObjectID(x.Pointer)}
	case cbson.JavaScript:
		return obson.JavaScript(x)
	case cbson.Symbol:
		return obson.Symbol(x)
	case cbson.CodeWithScope:
		return obson.CodeWithScope{Code: obson.JavaScript(x.Code), Scope: toOfficial(x.Scope)}
	case cbson.Timestamp:
		return obson.Timestamp{T: x.T, I: x.I}
	case cbson.Decimal128:
		h, l := x.GetBytes()
		return obson.NewDecimal128(h, l)
	case cbson.MinKey:
		return obson.MinKey{}
	case cbson.MaxKey:
		return obson.MaxKey{}
	}
	return v
}

// valuesEqual is reflect.DeepEqual that treats NaN as equal to NaN and
// compares M values regardless of order.
func valuesEqual(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		if !ok {
			return false
		}
		if math.IsNaN(x) && math.IsNaN(y) {
			return true
		}
		return math.Float64bits(x) == math.Float64bits(y)
	case obson.D:
		y, ok := b.(obson.D)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].Key != y[i].Key || !valuesEqual(x[i].Value, y[i].Value) {
				return false
			}
		}
		return true
	case obson.A:
		y, ok := b.(obson.A)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !valuesEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case obson.CodeWithScope:
		y, ok := b.(obson.CodeWithScope)
		return ok && x.Code == y.Code && valuesEqual(x.Scope, y.Scope)
	case obson.M:
		y, ok := b.(obson.M)
		if !ok || len(x) != len(y) {
			return false
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !valuesEqual(x[k], y[k]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
