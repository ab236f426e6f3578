package unified

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// FileRef locates one unified test file of the specifications repository.
type FileRef struct {
	// Suite is the specification directory plus any test subdirectory
	// other than "unified", such as "crud", "command-logging-and-monitoring/logging"
	// or "unified-test-format/valid-pass".
	Suite string
	// Name is the file name, such as "find.json".
	Name string
	// Path is the file's path on disk.
	Path string
}

// Key returns "suite/name", the form the skip list and reports use.
func (r FileRef) Key() string { return r.Suite + "/" + r.Name }

// Discover lists the unified test files under specDir (the root of a
// mongodb/specifications checkout): JSON files below source/<spec>/tests
// whose top level holds schemaVersion. With suites given, only files whose
// Suite equals one of them or lies below it ("crud", "unified-test-format")
// are listed. The result is sorted by Key.
func Discover(specDir string, suites ...string) ([]FileRef, error) {
	src := filepath.Join(specDir, "source")
	if _, err := os.Stat(src); err != nil {
		return nil, err
	}
	var out []FileRef
	err := filepath.WalkDir(src, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		ref, ok := fileRef(src, path)
		if !ok || !wanted(ref.Suite, suites) {
			return nil
		}
		unified, err := isUnifiedFile(path)
		if unified {
			out = append(out, ref)
		}
		return err
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, err
}

// fileRef names a file source/<spec>/tests/[sub/...]/name.json.
func fileRef(src, path string) (FileRef, bool) {
	rel, err := filepath.Rel(src, path)
	if err != nil {
		return FileRef{}, false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) < 3 || parts[1] != "tests" {
		return FileRef{}, false
	}
	suite := []string{parts[0]}
	for _, p := range parts[2 : len(parts)-1] {
		if p != "unified" {
			suite = append(suite, p)
		}
	}
	return FileRef{Suite: strings.Join(suite, "/"), Name: parts[len(parts)-1], Path: path}, true
}

func wanted(suite string, suites []string) bool {
	if len(suites) == 0 {
		return true
	}
	for _, s := range suites {
		if suite == s || strings.HasPrefix(suite, s+"/") {
			return true
		}
	}
	return false
}

// isUnifiedFile reports whether the JSON object in path has a top-level
// schemaVersion; files of the older formats do not.
func isUnifiedFile(path string) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	if !bytes.Contains(data, []byte(`"schemaVersion"`)) {
		return false, nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		// Not an object: not a test file we can name as unified.
		return false, nil
	}
	_, ok := top["schemaVersion"]
	return ok, nil
}

// ErrNoSpecDir is returned by FindSpecDir when no specifications checkout
// is found.
var ErrNoSpecDir = errors.New("unified: specification tests not found (set MONGO_SPEC_DIR)")

// FindSpecDir locates the specifications checkout: $MONGO_SPEC_DIR when
// set, else "../shared/specifications" beside the repository root found by
// walking up from start to the directory holding go.mod.
func FindSpecDir(start string) (string, error) {
	if dir := os.Getenv("MONGO_SPEC_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "source")); err != nil {
			return "", errors.Join(ErrNoSpecDir, err)
		}
		return dir, nil
	}
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			spec := filepath.Join(dir, "..", "shared", "specifications")
			if _, err := os.Stat(filepath.Join(spec, "source")); err != nil {
				return "", ErrNoSpecDir
			}
			return filepath.Clean(spec), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoSpecDir
		}
		dir = parent
	}
}
