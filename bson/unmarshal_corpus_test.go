package bson_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/bson"
)

// The codec's own run of the bson-corpus: every valid canonical_bson must
// decode into D, any, M and Raw and encode back to the same bytes (D and
// any; M sorts keys, so it is only decoded), and every decodeErrors entry
// must fail with a *DecodeError for each of those targets and a struct.
// Each file ends with a line "codec-corpus <file>: N passed, N skipped, N failed".

// codecCorpusSkips lists cases that are not run, by "file: description",
// with the reason. It is empty: every case passes.
var codecCorpusSkips = map[string]string{}

type codecCorpus struct {
	Valid []struct {
		Description   string `json:"description"`
		CanonicalBSON string `json:"canonical_bson"`
	} `json:"valid"`
	DecodeErrors []struct {
		Description string `json:"description"`
		BSON        string `json:"bson"`
	} `json:"decodeErrors"`
}

// codecSpecDir returns source/<spec>/tests under $MONGO_SPEC_DIR or else
// ../shared/specifications beside the repository root (two levels above
// this package).
func codecSpecDir(t testing.TB, spec string) string {
	t.Helper()
	return spectest.Dir(t, spec)
}

func loadCodecCorpus(t testing.TB) map[string]codecCorpus {
	t.Helper()
	dir := codecSpecDir(t, "bson-corpus")
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	out := map[string]codecCorpus{}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f codecCorpus
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[filepath.Base(p)] = f
	}
	return out
}

func TestCodecCorpus(t *testing.T) {
	files := loadCodecCorpus(t)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var summary []string
	for _, name := range names {
		f := files[name]
		var passed, skipped, failed int
		run := func(desc string, fn func(t *testing.T)) {
			if reason, ok := codecCorpusSkips[name+": "+desc]; ok {
				skipped++
				t.Logf("skip %s: %s: %s", name, desc, reason)
				return
			}
			if t.Run(name+"/"+desc, fn) {
				passed++
			} else {
				failed++
			}
		}
		for _, v := range f.Valid {
			run(v.Description, func(t *testing.T) { checkCodecValid(t, mustHex(t, v.CanonicalBSON)) })
		}
		for _, d := range f.DecodeErrors {
			run(d.Description, func(t *testing.T) { checkCodecDecodeError(t, mustHex(t, d.BSON)) })
		}
		line := fmt.Sprintf("codec-corpus %s: %d passed, %d skipped, %d failed", name, passed, skipped, failed)
		t.Log(line)
		summary = append(summary, line)
	}
	for _, l := range summary {
		fmt.Println(l)
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex in corpus: %v", err)
	}
	return b
}

func checkCodecValid(t *testing.T, b []byte) {
	var d bson.D
	var x any
	var m bson.M
	var r bson.Raw
	for _, target := range []any{&d, &x, &m, &r} {
		if err := bson.Unmarshal(b, target); err != nil {
			t.Fatalf("Unmarshal into %T: %v", target, err)
		}
	}
	for _, v := range []any{d, x, r} {
		got, err := bson.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%T): %v", v, err)
		}
		if !bytes.Equal(got, b) {
			t.Errorf("Marshal(Unmarshal(%T)) =\n  %X\nwant\n  %X", v, got, b)
		}
	}
}

func checkCodecDecodeError(t *testing.T, b []byte) {
	var s struct {
		A any
		X string
		D bson.D
	}
	for _, target := range []any{&bson.D{}, new(any), &bson.M{}, &bson.Raw{}, &s} {
		err := bson.Unmarshal(b, target)
		var de *bson.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("Unmarshal %X into %T: %v, want a *DecodeError", b, target, err)
		}
	}
}
