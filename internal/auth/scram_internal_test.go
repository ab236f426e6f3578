package auth

import (
	"testing"

	"github.com/xdg-go/scram"
)

// RFC 5802 section 5 uses the plain password, which MongoDB never does for
// SCRAM-SHA-1; this replays it on the same conversation code to pin the
// SHA-1 arithmetic independently of the digest.
func TestRFC5802Vector(t *testing.T) {
	c, err := scram.SHA1.NewClientUnprepped("user", "pencil", "")
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithMinIterations(minIterations).WithNonceGenerator(func() string { return "fyko+d2lbbFgONRv9qkxdawL" })
	conv := &scramConversation{mech: SCRAMSHA1, conv: c.NewConversation()}
	steps := []struct{ in, out string }{
		{"", "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"},
		{"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
			"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="},
		{"v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", ""},
	}
	for i, st := range steps {
		var out []byte
		if i == 0 {
			out, err = conv.start()
		} else {
			out, err = conv.step([]byte(st.in))
		}
		if err != nil || string(out) != st.out {
			t.Fatalf("step %d: %q, %v; want %q", i, out, err, st.out)
		}
	}
	if !conv.done() {
		t.Fatal("conversation not done after the server signature")
	}
}

func TestMongoPasswordDigest(t *testing.T) {
	// The digest of user "user", password "pencil".
	if got, want := mongoPasswordDigest("user", "pencil"), "1c33006ec1ffd90f9cadcbcc0e118200"; got != want {
		t.Fatalf("digest %s, want %s", got, want)
	}
}
