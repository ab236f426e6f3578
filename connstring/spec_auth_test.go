package connstring_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/cwal-go/cwal/internal/spectest"

	"github.com/cwal-go/cwal/connstring"
)

// authSkips lists auth legacy cases that are not run, keyed by
// "file: description".
var authSkips = map[string]string{
	// DRIVERS-3131 (auth spec changelog 2025-09-30) forbids MONGODB-AWS
	// credentials in the URI and added "should throw an exception if username
	// and password provided (MONGODB-AWS)" (valid: false), but left these two
	// older cases (valid: true) for the same kind of URI in the file. They
	// cannot both hold; the parser follows the current prose.
	"connection-string.json: should use username and password if specified (MONGODB-AWS)":                "contradicted by DRIVERS-3131: the spec now forbids MONGODB-AWS credentials in the URI",
	"connection-string.json: should use username, password and session token if specified (MONGODB-AWS)": "contradicted by DRIVERS-3131: the spec now forbids MONGODB-AWS credentials and AWS_SESSION_TOKEN in the URI",
}

// authCase is one case of auth/tests/legacy. In credential, a key with a
// null value means "not set"; a missing key means "not checked".
type authCase struct {
	Description string                     `json:"description"`
	URI         string                     `json:"uri"`
	Valid       bool                       `json:"valid"`
	Credential  map[string]json.RawMessage `json:"credential"`
}

func TestSpecAuthLegacy(t *testing.T) {
	dir := spectest.Dir(t, "auth")
	for _, path := range spectest.Files(t, filepath.Join(dir, "legacy"), "*.json") {
		file := filepath.Base(path)
		var suite struct {
			Tests []authCase `json:"tests"`
		}
		spectest.ReadJSON(t, path, &suite)
		var n spectest.Counts
		t.Run(file, func(t *testing.T) {
			skips := fileSkips(authSkips, file)
			for _, tc := range suite.Tests {
				n.Run(t, tc.Description, skips, func(t *testing.T) { checkAuthCase(t, tc) })
			}
		})
		n.Report(t, "auth", file)
	}
}

func checkAuthCase(t *testing.T, tc authCase) {
	cfg, err := connstring.Parse(tc.URI)
	if !tc.Valid {
		if err == nil {
			t.Fatalf("Parse(%q) succeeded, want an error; credential %v", tc.URI, cfg.Credential)
		}
		return
	}
	if err != nil {
		t.Fatalf("Parse(%q): %v", tc.URI, err)
	}
	if tc.Credential == nil {
		if cfg.Credential != nil {
			t.Fatalf("credential %v, want none", cfg.Credential)
		}
		return
	}
	cr := cfg.Credential
	if cr == nil {
		t.Fatal("no credential")
	}
	checkCredString(t, tc.Credential, "username", cr.Username, true)
	checkCredString(t, tc.Credential, "password", cr.Password, cr.PasswordSet)
	checkCredString(t, tc.Credential, "source", cr.Source, true)
	checkCredString(t, tc.Credential, "mechanism", cr.Mechanism, true)
	checkProps(t, tc.Credential["mechanism_properties"], cr.MechanismProperties)
}

// checkCredString compares one credential field; null means unset (empty, or
// for the password not set at all).
func checkCredString(t *testing.T, cred map[string]json.RawMessage, key, got string, set bool) {
	t.Helper()
	raw, ok := cred[key]
	if !ok {
		return
	}
	var want *string
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	switch {
	case want == nil && set && got != "":
		t.Errorf("%s is set, want unset", key)
	case want == nil && key == "password" && set:
		t.Errorf("password is set, want unset")
	case want != nil && (!set || got != *want):
		if key == "password" {
			t.Errorf("password differs from the expected one (set=%v)", set)
		} else {
			t.Errorf("%s = %q, want %q", key, got, *want)
		}
	}
}

// checkProps: the expected properties are a subset of the actual ones; null
// means none.
func checkProps(t *testing.T, raw json.RawMessage, got map[string]string) {
	t.Helper()
	if raw == nil {
		return
	}
	var want map[string]string
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if want == nil && len(got) > 0 {
		t.Errorf("mechanism properties %v, want none", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("mechanism property %s = %q, want %q", k, got[k], v)
		}
	}
}
