package connstring_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cwal-go/cwal/connstring"
)

func mustParse(t *testing.T, uri string) *connstring.Config {
	t.Helper()
	cfg, err := connstring.Parse(uri)
	if err != nil {
		t.Fatalf("Parse(%q): %v", uri, err)
	}
	return cfg
}

func TestParseHosts(t *testing.T) {
	cases := []struct {
		uri  string
		want []connstring.Host
	}{
		{"mongodb://Example.COM", []connstring.Host{{Kind: connstring.KindHostname, Name: "example.com", Port: 27017}}},
		{"mongodb://10.0.0.1:1,[::1]", []connstring.Host{
			{Kind: connstring.KindIPv4, Name: "10.0.0.1", Port: 1},
			{Kind: connstring.KindIPLiteral, Name: "::1", Port: 27017},
		}},
		{"mongodb://[fe80::1%25eth0]:27018", []connstring.Host{{Kind: connstring.KindIPLiteral, Name: "fe80::1%eth0", Port: 27018}}},
		{"mongodb://%2Ftmp%2FM.sock", []connstring.Host{{Kind: connstring.KindUnix, Name: "/tmp/M.sock"}}},
	}
	for _, tc := range cases {
		if got := mustParse(t, tc.uri).Hosts; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: hosts = %#v, want %#v", tc.uri, got, tc.want)
		}
	}
	h := connstring.Host{Kind: connstring.KindIPLiteral, Name: "::1", Port: 5}
	if h.String() != "[::1]:5" || h.Network() != "tcp" {
		t.Errorf("Host %v network %s", h, h.Network())
	}
	u := connstring.Host{Kind: connstring.KindUnix, Name: "/tmp/m.sock"}
	if u.String() != "/tmp/m.sock" || u.Network() != "unix" {
		t.Errorf("Host %v network %s", u, u.Network())
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		uri   string
		kind  error
		field string
	}{
		{"mongodb://%2Ftmp%2Fm.sock:27017", connstring.ErrSyntax, "host"},
		{"mongodb://%2Ftmp%2Fmongodb", connstring.ErrSyntax, "host"},
		{"mongodb://[::1", connstring.ErrSyntax, "host"},
		{"mongodb://[1.2.3.4]", connstring.ErrSyntax, "host"},
		{"mongodb://[::1]x", connstring.ErrSyntax, "host"},
		{"mongodb://a,,b", connstring.ErrSyntax, "host"},
		{"mongodb://a b", connstring.ErrSyntax, "host"},
		{"mongodb://host/a%20b", connstring.ErrSyntax, "database"},
		{"mongodb://host/$external", connstring.ErrSyntax, "database"},
		{"mongodb://host/db%zz", connstring.ErrSyntax, "database"},
		{"mongodb://host/?appname=%zz", connstring.ErrSyntax, "appname"},
		{"mongodb://us er@host", connstring.ErrSyntax, "userinfo"},
		{"mongodb+srv://1.2.3.4", connstring.ErrSyntax, "host"},
		{"mongodb+srv://a..b", connstring.ErrSyntax, "host"},
		{"mongodb://host/?w=-1", connstring.ErrInvalidOption, "w"},
		{"mongodb://host/?w=0&journal=true", connstring.ErrInvalidOption, "journal"},
		{"mongodb://host/?readPreference=primary&readPreferenceTags=dc:ny", connstring.ErrInvalidOption, "readPreferenceTags"},
		{"mongodb://host/?maxStalenessSeconds=120", connstring.ErrInvalidOption, "maxStalenessSeconds"},
		{"mongodb://host/?minPoolSize=10&maxPoolSize=5", connstring.ErrInvalidOption, "minPoolSize"},
		{"mongodb://host/?appname=" + strings.Repeat("a", 129), connstring.ErrInvalidOption, "appname"},
		{"mongodb+srv://host.example.com/?directConnection=true", connstring.ErrInvalidOption, "directConnection"},
		{"mongodb://u@host/?authMechanism=SCRAM-SHA-256", connstring.ErrInvalidCredential, "password"},
		{"mongodb://u:p@host/?authMechanism=FOO", connstring.ErrInvalidCredential, "authMechanism"},
		{"mongodb://u:p@host/?authMechanismProperties=SERVICE_NAME:x", connstring.ErrInvalidCredential, "authMechanismProperties"},
		{"mongodb://u@host/?authMechanism=GSSAPI&authMechanismProperties=FOO:bar", connstring.ErrInvalidCredential, "authMechanismProperties"},
		{"mongodb://host/?authMechanism=MONGODB-OIDC&authMechanismProperties=ENVIRONMENT:k8s,TOKEN_RESOURCE:x", connstring.ErrInvalidCredential, "authMechanismProperties"},
		{"mongodb://host/?authMechanism=MONGODB-OIDC&authMechanismProperties=ENVIRONMENT:test,ALLOWED_HOSTS:x", connstring.ErrInvalidCredential, "authMechanismProperties"},
	}
	for _, tc := range cases {
		_, err := connstring.Parse(tc.uri)
		var e *connstring.Error
		if !errors.Is(err, tc.kind) || !errors.As(err, &e) || e.Field != tc.field {
			t.Errorf("Parse(%q) = %v, want %v in field %s", tc.uri, err, tc.kind, tc.field)
		}
	}
}

func TestParseOptionalValues(t *testing.T) {
	cfg := mustParse(t, "mongodb://h/?maxPoolSize=0&w=0&retryWrites=false&zlibCompressionLevel=0&localThresholdMS=0&timeoutMS=0&connectTimeoutMS=0")
	if v, ok := cfg.MaxPoolSize.Get(); !ok || v != 0 {
		t.Errorf("MaxPoolSize = %+v", cfg.MaxPoolSize)
	}
	if cfg.W != connstring.Some(connstring.WValue{}) || cfg.RetryWrites != connstring.Some(false) {
		t.Errorf("W = %+v RetryWrites = %+v", cfg.W, cfg.RetryWrites)
	}
	for name, o := range map[string]connstring.Optional[time.Duration]{
		"localThreshold": cfg.LocalThreshold, "timeout": cfg.Timeout, "connectTimeout": cfg.ConnectTimeout,
	} {
		if o != connstring.Some(time.Duration(0)) {
			t.Errorf("%s = %+v, want Some(0)", name, o)
		}
	}
	if cfg.ZlibCompressionLevel.Or(-1) != 0 {
		t.Errorf("ZlibCompressionLevel = %+v", cfg.ZlibCompressionLevel)
	}
	empty := mustParse(t, "mongodb://h")
	if empty.MaxPoolSize.Set || empty.W.Set || empty.RetryWrites.Or(true) != true || empty.MaxPoolSize.Or(100) != 100 {
		t.Errorf("defaults: %+v %+v %+v", empty.MaxPoolSize, empty.W, empty.RetryWrites)
	}
}

func TestParseOptionValues(t *testing.T) {
	cfg := mustParse(t, "mongodb://h/?APPNAME=my%20app+1&w=majority&readPreference=SECONDARYpreferred"+
		"&readPreferenceTags=dc:ny,rack:1&readPreferenceTags=&maxStalenessSeconds=-1&compressors=zstd,foo,ZLIB,zstd"+
		"&heartbeatFrequencyMS=500&wTimeoutMS=9000000000000")
	if cfg.AppName != "my app+1" {
		t.Errorf("AppName = %q", cfg.AppName)
	}
	if w, _ := cfg.W.Get(); w.Tag != "majority" {
		t.Errorf("W = %+v", cfg.W)
	}
	if cfg.ReadPreference != "secondaryPreferred" || cfg.MaxStaleness != 0 {
		t.Errorf("ReadPreference = %q MaxStaleness = %v", cfg.ReadPreference, cfg.MaxStaleness)
	}
	wantTags := []connstring.TagSet{{"dc": "ny", "rack": "1"}, {}}
	if !reflect.DeepEqual(cfg.ReadPreferenceTags, wantTags) {
		t.Errorf("tags = %v", cfg.ReadPreferenceTags)
	}
	if !reflect.DeepEqual(cfg.Compressors, []string{"zstd", "zlib"}) || len(cfg.Warnings) != 1 {
		t.Errorf("Compressors = %v, warnings %q", cfg.Compressors, cfg.Warnings)
	}
	if cfg.HeartbeatFrequency != 500*time.Millisecond || cfg.WTimeout != 9e12*time.Millisecond {
		t.Errorf("HeartbeatFrequency = %v WTimeout = %v", cfg.HeartbeatFrequency, cfg.WTimeout)
	}
	if cfg.Credential != nil {
		t.Errorf("credential %v, want none", cfg.Credential)
	}
	cred := mustParse(t, "mongodb://u:p@h/?authMechanism=scram-sha-256&authSource=adm").Credential
	if cred.Mechanism != connstring.MechanismSCRAMSHA256 || cred.Source != "adm" {
		t.Errorf("credential %v", cred)
	}
}

func TestParseWarnings(t *testing.T) {
	cases := []struct {
		uri      string
		warnings int
	}{
		{"mongodb://h/?replicaSet=a&replicaSet=b", 1},
		{"mongodb://h/?tls=true&tls=true&ssl=true", 0},
		{"mongodb://h/?tls=yes", 1},
		{"mongodb://h/?maxStalenessSeconds=0&readPreference=nearest", 1},
		{"mongodb://h/?w=99999999999", 1},
		{"mongodb://h/?srvServiceName=x", -1}, // error: not an SRV URI
		{"mongodb+srv://h.example.com/?srvServiceName=bad_name", 1},
		{"mongodb://h/?readPreference=fastest", 1},
		{"mongodb://h/?unknown=1&&other=2&", 2},
		{"mongodb://u@h/?authMechanism=GSSAPI&authMechanismProperties=SERVICE_NAME:a,SERVICE_NAME:b,SERVICE_HOST:", 2},
	}
	for _, tc := range cases {
		cfg, err := connstring.Parse(tc.uri)
		switch {
		case tc.warnings < 0 && err == nil:
			t.Errorf("Parse(%q) succeeded, want an error", tc.uri)
		case tc.warnings >= 0 && err != nil:
			t.Errorf("Parse(%q): %v", tc.uri, err)
		case tc.warnings >= 0 && len(cfg.Warnings) != tc.warnings:
			t.Errorf("Parse(%q) warnings %q, want %d", tc.uri, cfg.Warnings, tc.warnings)
		}
	}
	cfg := mustParse(t, "mongodb://h/?replicaSet=a&replicaSet=b")
	if cfg.ReplicaSet != "b" {
		t.Errorf("repeated replicaSet: %q, want the last", cfg.ReplicaSet)
	}
}

func TestParseSRVTLS(t *testing.T) {
	for uri, want := range map[string]bool{
		"mongodb+srv://a.example.com":            true,
		"mongodb+srv://a.example.com/?tls=false": false,
		"mongodb+srv://a.example.com/?ssl=false": false,
		"mongodb://a.example.com":                false,
		"mongodb://a.example.com/?tlsCAFile=ca":  false,
		"MongoDB://a.example.com/?ssl=true":      true,
	} {
		if got := mustParse(t, uri).TLS; got != want {
			t.Errorf("%s: TLS = %v, want %v", uri, got, want)
		}
	}
}

func TestCredentialDefaults(t *testing.T) {
	cfg := mustParse(t, "mongodb://u%40R@h/db?authMechanism=gssapi&authMechanismProperties=service_realm:R")
	want := &connstring.Credential{
		Username: "u@R", Source: "$external", Mechanism: "GSSAPI",
		MechanismProperties: map[string]string{"SERVICE_NAME": "mongodb", "SERVICE_REALM": "R"},
	}
	if !reflect.DeepEqual(cfg.Credential, want) {
		t.Errorf("credential = %v, want %v", cfg.Credential, want)
	}
}

func TestValidateEdited(t *testing.T) {
	cfg := mustParse(t, "mongodb://a,b")
	edits := []struct {
		name string
		edit func(c *connstring.Config)
	}{
		{"heartbeat", func(c *connstring.Config) { c.HeartbeatFrequency = 100 * time.Millisecond }},
		{"negative timeout", func(c *connstring.Config) { c.SocketTimeout = -1 }},
		{"direct with two hosts", func(c *connstring.Config) { c.DirectConnection = connstring.Some(true) }},
		{"zlib", func(c *connstring.Config) { c.ZlibCompressionLevel = connstring.Some(10) }},
		{"tls insecure pair", func(c *connstring.Config) { c.TLSInsecure, c.TLSAllowInvalidHostnames = true, true }},
		{"compressor", func(c *connstring.Config) { c.Compressors = []string{"lz4"} }},
		{"no hosts", func(c *connstring.Config) { c.Hosts = nil }},
		{"mode", func(c *connstring.Config) { c.ReadPreference = "Nearest" }},
		{"proxy", func(c *connstring.Config) { c.ProxyUsername = "u" }},
		{"credential", func(c *connstring.Config) { c.Credential = &connstring.Credential{Mechanism: "PLAIN"} }},
	}
	for _, e := range edits {
		c := *cfg
		e.edit(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: Validate accepted the edit", e.name)
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("unedited: %v", err)
	}
}
