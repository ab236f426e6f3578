package bson_test

import (
	"testing"
	"time"

	"github.com/cwal-go/cwal/bson"
)

func TestObjectID(t *testing.T) {
	now := time.Unix(1700000000, 0)
	a, b := bson.NewObjectIDFromTimestamp(now), bson.NewObjectIDFromTimestamp(now)
	if a == b {
		t.Fatal("two ObjectIDs are equal")
	}
	if !a.Timestamp().Equal(now) {
		t.Errorf("Timestamp = %v, want %v", a.Timestamp(), now)
	}
	back, err := bson.ObjectIDFromHex(a.Hex())
	if err != nil || back != a {
		t.Fatalf("hex round trip: %v %v", back, err)
	}
	for _, bad := range []string{"", "zz", "5f5e1b3b9c1a2b3c4d5e6f7g", "5f5e1b3b9c1a2b3c4d5e6f7"} {
		if _, err := bson.ObjectIDFromHex(bad); err == nil {
			t.Errorf("ObjectIDFromHex(%q) succeeded", bad)
		}
	}
	var id bson.ObjectID
	if err := id.UnmarshalText([]byte(a.Hex())); err != nil || id != a {
		t.Errorf("UnmarshalText: %v %v", id, err)
	}
}

func TestTypeString(t *testing.T) {
	if got := bson.TypeInt32.String(); got != "32-bit integer" {
		t.Errorf("TypeInt32 = %q", got)
	}
	if got := bson.Type(0x42).String(); got != "invalid type 0x42" {
		t.Errorf("0x42 = %q", got)
	}
	if bson.Type(0x14).Valid() || !bson.TypeMinKey.Valid() {
		t.Error("Valid is wrong")
	}
}
