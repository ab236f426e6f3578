package topology_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cwal-go/cwal/topology"
)

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    topology.Mode
		wantErr bool
	}{
		{"primary", topology.Primary, false},
		{"PrimaryPreferred", topology.PrimaryPreferred, false},
		{"secondary", topology.Secondary, false},
		{"SECONDARYPREFERRED", topology.SecondaryPreferred, false},
		{"nearest", topology.Nearest, false},
		{"", topology.Primary, true},
		{"closest", topology.Primary, true},
	}
	for _, tt := range tests {
		got, err := topology.ParseMode(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseMode(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, topology.ErrInvalidReadPref) {
			t.Errorf("ParseMode(%q) error %v does not wrap ErrInvalidReadPref", tt.in, err)
		}
		if err == nil && got.String() != "" {
			if back, _ := topology.ParseMode(got.String()); back != got {
				t.Errorf("String %q does not parse back to %v", got.String(), got)
			}
		}
	}
}

func TestReadPrefValidate(t *testing.T) {
	tests := []struct {
		name  string
		rp    topology.ReadPref
		field string // "" for valid
	}{
		{"zero value", topology.ReadPref{}, ""},
		{"primary with empty tag set", topology.ReadPref{TagSets: []topology.TagSet{{}}}, ""},
		{"primary with tags", topology.ReadPref{TagSets: []topology.TagSet{{"dc": "ny"}}}, "tagSets"},
		{"primary with max staleness", topology.ReadPref{MaxStaleness: 120 * time.Second}, "maxStalenessSeconds"},
		{"secondary with both", topology.ReadPref{Mode: topology.Secondary, TagSets: []topology.TagSet{{"dc": "ny"}}, MaxStaleness: 120 * time.Second}, ""},
		{"negative staleness", topology.ReadPref{Mode: topology.Nearest, MaxStaleness: -time.Second}, "maxStalenessSeconds"},
		{"fractional staleness", topology.ReadPref{Mode: topology.Nearest, MaxStaleness: 1500 * time.Millisecond}, "maxStalenessSeconds"},
		{"undefined mode", topology.ReadPref{Mode: 9}, "mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rp.Validate()
			var rpe *topology.ReadPrefError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.field != "" && !errors.As(err, &rpe):
				t.Fatalf("Validate() = %v, want a *ReadPrefError", err)
			case tt.field != "" && rpe.Field != tt.field:
				t.Fatalf("error field %q, want %q", rpe.Field, tt.field)
			}
		})
	}
}

func TestMaxStalenessFromSeconds(t *testing.T) {
	tests := []struct {
		in      int64
		want    time.Duration
		wantErr bool
	}{
		{-1, 0, false},
		{90, 90 * time.Second, false},
		{0, 0, true},
		{-2, 0, true},
		{1 << 62, 0, true},
	}
	for _, tt := range tests {
		got, err := topology.MaxStalenessFromSeconds(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("MaxStalenessFromSeconds(%d) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestTagSetMatches(t *testing.T) {
	server := map[string]string{"dc": "ny", "rack": "2"}
	tests := []struct {
		set  topology.TagSet
		want bool
	}{
		{nil, true},
		{topology.TagSet{}, true},
		{topology.TagSet{"dc": "ny"}, true},
		{topology.TagSet{"dc": "ny", "rack": "2"}, true},
		{topology.TagSet{"dc": "sf"}, false},
		{topology.TagSet{"dc": "ny", "size": "large"}, false},
	}
	for _, tt := range tests {
		if got := tt.set.Matches(server); got != tt.want {
			t.Errorf("%v.Matches(%v) = %v, want %v", tt.set, server, got, tt.want)
		}
	}
}

func TestReadPrefString(t *testing.T) {
	rp := topology.ReadPref{Mode: topology.Secondary, TagSets: []topology.TagSet{{"rack": "1", "dc": "ny"}, {}}, MaxStaleness: 120 * time.Second}
	if got, want := rp.String(), "secondary tagSets=[{dc:ny,rack:1},{}] maxStalenessSeconds=120"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
