package unified_test

import (
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/spec-tests/unified"
)

func TestParseEntities(t *testing.T) {
	tests := []struct {
		name    string
		args    bson.D
		kinds   []string
		wantErr string
	}{
		{"client and thread", bson.D{{Key: "entities", Value: bson.A{
			bson.D{{Key: "client", Value: bson.D{{Key: "id", Value: "c"},
				{Key: "observeEvents", Value: bson.A{"topologyDescriptionChangedEvent"}},
				{Key: "uriOptions", Value: bson.D{{Key: "heartbeatFrequencyMS", Value: int32(500)}}}}}},
			bson.D{{Key: "thread", Value: bson.D{{Key: "id", Value: "t"}}}},
		}}}, []string{"client", "thread"}, ""},
		{"no entities", bson.D{{Key: "entities", Value: bson.A{}}}, nil, "at least one"},
		{"missing id", bson.D{{Key: "entities", Value: bson.A{
			bson.D{{Key: "client", Value: bson.D{{Key: "observeEvents", Value: bson.A{"x"}}}}},
		}}}, nil, "id"},
		{"unknown event", bson.D{{Key: "entities", Value: bson.A{
			bson.D{{Key: "client", Value: bson.D{{Key: "id", Value: "c"}, {Key: "observeEvents", Value: bson.A{"nope"}}}}},
		}}}, nil, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := bson.Marshal(tt.args)
			if err != nil {
				t.Fatal(err)
			}
			got, err := unified.ParseEntities(raw)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.kinds) {
				t.Fatalf("%d entities, want %d", len(got), len(tt.kinds))
			}
			for i, k := range tt.kinds {
				if got[i].Kind != k {
					t.Errorf("entity %d kind %q, want %q", i, got[i].Kind, k)
				}
			}
			if got[0].Client == nil || got[0].ID != "c" {
				t.Fatal("client entity not decoded")
			}
			if n, ok := got[0].Client.URIOptions.Lookup("heartbeatFrequencyMS").AsInt64OK(); !ok || n != 500 {
				t.Errorf("uriOptions.heartbeatFrequencyMS = %v", got[0].Client.URIOptions)
			}
		})
	}
}
