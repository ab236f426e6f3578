package pool_test

import (
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/pool"
)

// faasVars are cleared before each environment case, so the machine's own
// variables do not leak in.
var faasVars = []string{
	"AWS_EXECUTION_ENV", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
	"FUNCTIONS_WORKER_RUNTIME", "K_SERVICE", "FUNCTION_NAME", "FUNCTION_MEMORY_MB", "FUNCTION_TIMEOUT_SEC",
	"FUNCTION_REGION", "VERCEL", "VERCEL_REGION", "KUBERNETES_SERVICE_HOST",
}

func metadataDoc(t *testing.T, app string, infos []pool.DriverInfo) bson.Raw {
	t.Helper()
	b, err := pool.AppendClientMetadata(nil, app, infos)
	if err != nil {
		t.Fatal(err)
	}
	if err := bson.Raw(b).Validate(); err != nil {
		t.Fatal(err)
	}
	if len(b) > 512 {
		t.Fatalf("client document is %d bytes", len(b))
	}
	return b
}

func TestClientMetadataBasics(t *testing.T) {
	for _, v := range faasVars {
		t.Setenv(v, "")
	}
	m := metadataDoc(t, "inventory", nil)
	checks := map[string]bool{
		"application.name": m.Path("application.name").StringValue() == "inventory",
		"driver.name":      m.Path("driver.name").StringValue() == "cwal",
		"driver.version":   m.Path("driver.version").StringValue() == pool.DriverVersion,
		"os.type":          m.Path("os.type").StringValue() != "",
		"os.architecture":  m.Path("os.architecture").StringValue() != "",
		"platform":         m.Path("platform").StringValue() == runtime.Version(),
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("%s wrong in %v", what, m)
		}
	}
	if runtime.GOOS == "linux" && m.Path("os.type").StringValue() != "Linux" {
		t.Errorf("os.type %q on Linux", m.Path("os.type").StringValue())
	}
	if m := metadataDoc(t, "", nil); !m.Lookup("application").IsZero() {
		t.Error("application sent without a name")
	}
	if _, err := pool.AppendClientMetadata(nil, strings.Repeat("a", 129), nil); !errors.Is(err, pool.ErrAppNameTooLong) {
		t.Errorf("long app name: %v", err)
	}
	if m := metadataDoc(t, strings.Repeat("a", 128), nil); m.Path("application.name").StringValue() == "" {
		t.Error("a 128-byte app name was dropped")
	}
}

func hasDockerenvFile() bool {
	_, err := os.Stat("/.dockerenv")
	return err == nil
}

// TestClientMetadataEnv runs the environment cases of the handshake
// specification's prose test 1 without a server: the document must be
// valid, within 512 bytes and carry what the case calls for.
func TestClientMetadataEnv(t *testing.T) {
	long := strings.Repeat("a", 512)
	tests := []struct {
		name string
		env  map[string]string
		want map[string]any // path -> value; nil means absent
	}{
		{"1 valid AWS", map[string]string{"AWS_EXECUTION_ENV": "AWS_Lambda_java8", "AWS_REGION": "us-east-2", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024"},
			map[string]any{"env.name": "aws.lambda", "env.region": "us-east-2", "env.memory_mb": int32(1024)}},
		{"2 valid Azure", map[string]string{"FUNCTIONS_WORKER_RUNTIME": "node"},
			map[string]any{"env.name": "azure.func", "env.region": nil}},
		{"3 valid GCP", map[string]string{"K_SERVICE": "servicename", "FUNCTION_MEMORY_MB": "1024", "FUNCTION_TIMEOUT_SEC": "60", "FUNCTION_REGION": "us-central1"},
			map[string]any{"env.name": "gcp.func", "env.memory_mb": int32(1024), "env.timeout_sec": int32(60), "env.region": "us-central1"}},
		{"4 valid Vercel", map[string]string{"VERCEL": "1", "VERCEL_REGION": "cdg1"},
			map[string]any{"env.name": "vercel", "env.region": "cdg1"}},
		{"5 multiple providers", map[string]string{"AWS_EXECUTION_ENV": "AWS_Lambda_java8", "FUNCTIONS_WORKER_RUNTIME": "node"},
			map[string]any{"env.name": nil}},
		{"6 long string", map[string]string{"AWS_EXECUTION_ENV": "AWS_Lambda_java8", "AWS_REGION": long},
			map[string]any{"env.name": "aws.lambda", "env.region": nil}},
		{"7 wrong types", map[string]string{"AWS_EXECUTION_ENV": "AWS_Lambda_java8", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "big"},
			map[string]any{"env.name": "aws.lambda", "env.memory_mb": nil}},
		{"8 not a lambda", map[string]string{"AWS_EXECUTION_ENV": "EC2"},
			map[string]any{"env.name": nil}},
		{"9 container and FaaS", map[string]string{"AWS_EXECUTION_ENV": "AWS_Lambda_java8", "AWS_REGION": "us-east-2", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024", "KUBERNETES_SERVICE_HOST": "1"},
			map[string]any{"env.name": "aws.lambda", "env.region": "us-east-2", "env.memory_mb": int32(1024), "env.container.orchestrator": "kubernetes"}},
		{"vercel wins over AWS", map[string]string{"AWS_EXECUTION_ENV": "AWS_Lambda_java8", "VERCEL": "1"},
			map[string]any{"env.name": "vercel"}},
		{"lambda runtime API", map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001"},
			map[string]any{"env.name": "aws.lambda"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range faasVars {
				t.Setenv(v, "")
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			m := metadataDoc(t, "app", nil)
			for path, want := range tt.want {
				got := m.Path(path)
				switch w := want.(type) {
				case nil:
					if !got.IsZero() {
						t.Errorf("%s = %v, want absent", path, got)
					}
				case string:
					if got.StringValue() != w {
						t.Errorf("%s = %v, want %q", path, got, w)
					}
				case int32:
					if n, ok := got.Int32OK(); !ok || n != w {
						t.Errorf("%s = %v, want int32 %d", path, got, w)
					}
				}
			}
			if strings.HasPrefix(tt.name, "9") && hasDockerenvFile() && m.Path("env.container.runtime").StringValue() != "docker" {
				t.Errorf("container runtime missing: %v", m)
			}
		})
	}
}

// The prose test's expectation: with a FaaS environment, a connection and
// its hello succeed, and the server sees the env document.
func TestHandshakeWithFaaSEnv(t *testing.T) {
	for _, v := range faasVars {
		t.Setenv(v, "")
	}
	t.Setenv("AWS_EXECUTION_ENV", "AWS_Lambda_java8")
	t.Setenv("AWS_REGION", strings.Repeat("a", 512))
	s := newFakeServer(t, fakeOptions{})
	c := dialFake(t, s, pool.ConnConfig{})
	pingConn(t, c)
	if got := s.Hellos()[0].Path("client.env.name").StringValue(); got != "aws.lambda" {
		t.Fatalf("client.env.name %q", got)
	}
}

func TestDriverInfo(t *testing.T) {
	lib := pool.DriverInfo{Name: "library", Version: "1.2", Platform: "Library Platform"}
	tests := []struct {
		name                      string
		infos                     []pool.DriverInfo
		driver, version, platform string // suffixes after the driver's own values
	}{
		{"one", []pool.DriverInfo{lib}, "|library", "|1.2", "|Library Platform"},
		{"appended", []pool.DriverInfo{lib, {"framework", "2.0", "Framework Platform"}}, "|library|framework", "|1.2|2.0", "|Library Platform|Framework Platform"},
		{"no version", []pool.DriverInfo{lib, {"framework", "", "Framework Platform"}}, "|library|framework", "|1.2", "|Library Platform|Framework Platform"},
		{"name only", []pool.DriverInfo{lib, {Name: "framework"}}, "|library|framework", "|1.2", "|Library Platform"},
		{"duplicate", []pool.DriverInfo{lib, lib}, "|library", "|1.2", "|Library Platform"},
		{"duplicate after another", []pool.DriverInfo{lib, {"framework", "1.2", "Library Platform"}, lib}, "|library|framework", "|1.2|1.2", "|Library Platform|Library Platform"},
		{"empty", []pool.DriverInfo{{}}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metadataDoc(t, "", tt.infos)
			if got := m.Path("driver.name").StringValue(); got != "cwal"+tt.driver {
				t.Errorf("driver.name %q", got)
			}
			if got := m.Path("driver.version").StringValue(); got != pool.DriverVersion+tt.version {
				t.Errorf("driver.version %q", got)
			}
			if got := m.Path("platform").StringValue(); got != runtime.Version()+tt.platform {
				t.Errorf("platform %q", got)
			}
		})
	}
	if _, err := pool.AppendClientMetadata(nil, "", []pool.DriverInfo{{Name: "a|b"}}); !errors.Is(err, pool.ErrDriverInfoDelimiter) {
		t.Errorf("delimiter: %v", err)
	}
}
