package logging_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/internal/logging"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"", 5, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "abc..."},
		{"abcd", 0, "..."},
		{"abcd", -1, "..."},
		{"aé", 2, "a..."},              // é is 2 bytes: cut before it
		{"aé", 3, "aé"},                // fits exactly
		{"aéb", 3, "aé..."},            // boundary right after é
		{"a世b", 2, "a..."},             // 世 is 3 bytes
		{"a世b", 3, "a..."},             //
		{"a世b", 4, "a世..."},            //
		{"😀😀", 5, "😀..."},              // 4-byte rune, 1 byte into the second
		{"😀😀", 7, "😀..."},              // 3 bytes into the second
		{"😀😀", 3, "..."},               // inside the first
		{"\xff\xfe\xfd", 1, "\xff..."}, // invalid UTF-8 is cut where asked
	}
	for _, tt := range tests {
		got := logging.Truncate(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// TestTruncateEveryBoundary cuts a mixed string at every length and checks
// the result is valid UTF-8 no longer than asked, and a prefix.
func TestTruncateEveryBoundary(t *testing.T) {
	s := "ab é 世界 😀 ok ñ"
	for n := 0; n <= len(s)+1; n++ {
		got := logging.Truncate(s, n)
		body, cut := strings.CutSuffix(got, logging.Ellipsis)
		if !cut && got != s {
			t.Fatalf("Truncate(%d) = %q: neither whole nor ellipsis", n, got)
		}
		if cut == (n >= len(s)) {
			t.Errorf("Truncate(%d): ellipsis %v, len %d", n, cut, len(s))
		}
		if !utf8.ValidString(body) || len(body) > n || !strings.HasPrefix(s, body) {
			t.Errorf("Truncate(%d) = %q: not a valid prefix of at most %d bytes", n, got, n)
		}
		if cut && n-len(body) >= utf8.UTFMax {
			t.Errorf("Truncate(%d) = %q: dropped too much", n, got)
		}
	}
}

func TestFormatDocument(t *testing.T) {
	doc, err := bson.Marshal(bson.D{{Key: "insert", Value: "c"}, {Key: "n", Value: int32(1)}, {Key: "s", Value: "é世"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		max  int
		want string
	}{
		{1000, `{"insert":"c","n":1,"s":"é世"}`},
		{10, `{"insert":...`},
		{27, `{"insert":"c","n":1,"s":"é...`}, // 世 would end at byte 29
		{0, `...`},
		{-100, `...`},
	}
	for _, tt := range tests {
		if got := logging.FormatDocument(doc, tt.max); got != tt.want {
			t.Errorf("FormatDocument(max %d) = %q, want %q", tt.max, got, tt.want)
		}
	}
	if got := logging.FormatDocument(nil, 10); got != "{}" {
		t.Errorf("empty document = %q", got)
	}
	if got := logging.FormatDocument(bson.Raw{9, 0, 0, 0, 1}, 100); !strings.HasPrefix(got, "<invalid BSON") {
		t.Errorf("malformed document = %q", got)
	}
}
