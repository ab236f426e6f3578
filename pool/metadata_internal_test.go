package pool

import (
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
)

// TestMetadataTruncationOrder checks each step of the handshake
// specification's truncation order with content sized to stop at it.
func TestMetadataTruncationOrder(t *testing.T) {
	full := environment{faas: faasGCP, region: "us-central1", memoryMB: 1024, timeoutSec: 60, containerRuntime: "docker"}
	host := osInfo{typ: "Linux", name: "Debian", arch: "x86_64"}
	tests := []struct {
		name                           string
		osName, platform, region       string
		wantEnvFields, wantOSName, env bool
		platformCut                    bool
	}{
		{"fits", "Debian", "go", "r", true, true, true, false},
		{"1 env name only", "Debian", "go", strings.Repeat("r", 400), false, true, true, false},
		{"2 os type only", strings.Repeat("o", 400), "go", strings.Repeat("r", 400), false, false, true, false},
		{"3 no env", strings.Repeat("o", 400), strings.Repeat("p", 380), "r", false, false, false, false},
		{"4 platform cut", "Debian", strings.Repeat("p", 600), "r", false, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, h := full, host
			e.region, h.name = tt.region, tt.osName
			m, err := newMetadata("app", nil, e, h)
			if err != nil {
				t.Fatal(err)
			}
			m.platform = tt.platform
			b, err := m.appendFitting([]byte("prefix"))
			if err != nil {
				t.Fatal(err)
			}
			if string(b[:6]) != "prefix" {
				t.Fatal("dst not kept")
			}
			d := bson.Raw(b[6:])
			if err := d.Validate(); err != nil || len(d) > maxMetadataSize {
				t.Fatalf("invalid or too large (%d bytes): %v", len(d), err)
			}
			if got := !d.Path("env.region").IsZero(); got != tt.wantEnvFields {
				t.Errorf("env fields kept = %v", got)
			}
			if got := !d.Path("env.name").IsZero(); got != tt.env {
				t.Errorf("env kept = %v", got)
			}
			if got := !d.Path("os.name").IsZero(); got != tt.wantOSName {
				t.Errorf("os.name kept = %v", got)
			}
			if d.Path("os.type").StringValue() != "Linux" {
				t.Error("os.type dropped")
			}
			p := d.Path("platform").StringValue()
			if cut := len(p) < len(tt.platform); cut != tt.platformCut {
				t.Errorf("platform cut = %v (%d bytes)", cut, len(p))
			}
			if tt.platformCut && len(d) != maxMetadataSize {
				t.Errorf("platform cut to %d bytes of document, want exactly %d", len(d), maxMetadataSize)
			}
		})
	}
}

func TestMetadataTooLarge(t *testing.T) {
	m, err := newMetadata("", []DriverInfo{{Name: strings.Repeat("n", 600)}}, environment{}, osInfo{typ: "Linux"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.appendFitting(nil); err != ErrMetadataTooLarge {
		t.Fatalf("err = %v", err)
	}
}

func TestPlatformCutOnRuneBoundary(t *testing.T) {
	m, _ := newMetadata("", nil, environment{}, osInfo{typ: "Linux"})
	m.platform = strings.Repeat("é", 400)
	b, err := m.appendFitting(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bson.Raw(b).Validate(); err != nil {
		t.Fatalf("cut inside a character: %v", err)
	}
}

func TestDetectFaaS(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	tests := []struct {
		get  func(string) string
		want string
	}{
		{env(), ""},
		{env("K_SERVICE", "x"), faasGCP},
		{env("FUNCTION_NAME", "x"), faasGCP},
		{env("VERCEL", "1", "AWS_LAMBDA_RUNTIME_API", "x"), faasVercel},
		{env("VERCEL", "1", "K_SERVICE", "x"), ""},
		{env("VERCEL", "1", "AWS_LAMBDA_RUNTIME_API", "x", "K_SERVICE", "x"), ""},
	}
	for i, tt := range tests {
		if got := detectFaaS(tt.get); got != tt.want {
			t.Errorf("case %d: %q, want %q", i, got, tt.want)
		}
	}
	e := detectEnvironment(env("KUBERNETES_SERVICE_HOST", "10.0.0.1"), true)
	if e.containerRuntime != "docker" || e.containerOrchestr != "kubernetes" || e.faas != "" {
		t.Errorf("container detection: %+v", e)
	}
}
