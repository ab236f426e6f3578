package connstring_test

import (
	"errors"
	"testing"

	"github.com/cwal-go/cwal/connstring"
)

// FuzzParse checks that Parse never panics, that every failure is an *Error
// of a known kind, and that an accepted URI survives String and Parse again.
// The corpus in testdata/fuzz/FuzzParse holds URIs of the connection-string,
// uri-options, auth and seedlist spec tests.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"mongodb://localhost",
		"mongodb://u:p@a,b:1,[::1]:2,%2Ftmp%2Fm.sock/db?replicaSet=rs&w=majority&readPreferenceTags=dc:ny,r:1&readPreferenceTags=",
		"mongodb+srv://u@host.example.com/?authMechanism=GSSAPI&authMechanismProperties=SERVICE_NAME:x&tls=false",
		"mongodb://h/?compressors=zstd,zlib&zlibCompressionLevel=0&maxPoolSize=0&timeoutMS=0&w=0&journal=false",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		cfg, err := connstring.Parse(uri)
		if err != nil {
			var e *connstring.Error
			if !errors.As(err, &e) || e.Field == "" || e.Reason == "" {
				t.Fatalf("Parse(%q) error %v is not a complete *Error", uri, err)
			}
			if !errors.Is(err, connstring.ErrSyntax) && !errors.Is(err, connstring.ErrInvalidOption) &&
				!errors.Is(err, connstring.ErrInvalidCredential) {
				t.Fatalf("Parse(%q) error %v has no known kind", uri, err)
			}
			return
		}
		checkRoundTrip(t, uri, cfg)
	})
}
