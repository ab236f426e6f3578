package pool

import (
	"errors"
	"os"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/cwal-go/cwal/bson"
)

// The driver's name and version as the handshake reports them.
const (
	DriverName    = "cwal"
	DriverVersion = "0.1.0-dev"
)

// Handshake size limits: the server rejects a larger client document or
// application name.
const (
	maxMetadataSize = 512
	maxAppNameSize  = 128
)

// Errors of AppendClientMetadata.
var (
	ErrAppNameTooLong      = errors.New("pool: the application name is longer than 128 bytes")
	ErrDriverInfoDelimiter = errors.New(`pool: driver info must not contain "|", the delimiter of appended metadata`)
	ErrMetadataTooLarge    = errors.New("pool: the client metadata cannot be made to fit in 512 bytes")
)

// DriverInfo describes a library that wraps the driver. Its fields are
// appended to the handshake's driver name, driver version and platform,
// separated by "|"; an empty field is not appended.
type DriverInfo struct {
	Name, Version, Platform string
}

// AppendClientMetadata appends the handshake's client document to dst:
// application name, driver name and version (with the wrappers'), os type,
// name and architecture, platform (the Go version, with the wrappers'),
// and env (FaaS provider, container runtime and orchestrator, from the
// environment variables and /.dockerenv). A wrapper equal to an earlier
// one is not appended again.
//
// The document is kept within 512 bytes by the handshake specification's
// order: drop env fields but the name, then os fields but the type, then
// env, then shorten the platform. It fails for an application name over
// 128 bytes, a "|" in a wrapper's fields, or a document that still does
// not fit.
func AppendClientMetadata(dst []byte, appName string, wrappers []DriverInfo) ([]byte, error) {
	m, err := newMetadata(appName, wrappers, detectEnvironment(os.Getenv, hasDockerenv()), hostOS())
	if err != nil {
		return dst, err
	}
	return m.appendFitting(dst)
}

// metadata is the content of the client document.
type metadata struct {
	appName, driverName, driverVersion, platform string
	os                                           osInfo
	env                                          environment
}

func newMetadata(appName string, wrappers []DriverInfo, env environment, host osInfo) (*metadata, error) {
	if len(appName) > maxAppNameSize {
		return nil, ErrAppNameTooLong
	}
	m := &metadata{appName: appName, driverName: DriverName, driverVersion: DriverVersion,
		platform: runtime.Version(), os: host, env: env}
	var seen []DriverInfo
	for _, w := range wrappers {
		if strings.Contains(w.Name+w.Version+w.Platform, "|") {
			return nil, ErrDriverInfoDelimiter
		}
		if w == (DriverInfo{}) || containsInfo(seen, w) {
			continue
		}
		seen = append(seen, w)
		m.driverName = appendPiped(m.driverName, w.Name)
		m.driverVersion = appendPiped(m.driverVersion, w.Version)
		m.platform = appendPiped(m.platform, w.Platform)
	}
	return m, nil
}

func containsInfo(list []DriverInfo, w DriverInfo) bool {
	for _, x := range list {
		if x == w {
			return true
		}
	}
	return false
}

func appendPiped(s, add string) string {
	if add == "" {
		return s
	}
	return s + "|" + add
}

// The truncation levels of the handshake specification, cumulative.
const (
	keepAll     = iota
	envNameOnly // 1. omit env fields except env.name
	osTypeOnly  // 2. omit os fields except os.type
	noEnv       // 3. omit env
)

// appendFitting appends the largest document that fits the limit.
func (m *metadata) appendFitting(dst []byte) ([]byte, error) {
	for level := keepAll; level <= noEnv; level++ {
		b := m.appendDoc(dst, level, m.platform)
		if len(b)-len(dst) <= maxMetadataSize {
			return b, nil
		}
	}
	// 4. Shorten the platform by the excess, on a character boundary.
	full := len(m.appendDoc(dst, noEnv, m.platform)) - len(dst)
	keep := len(m.platform) - (full - maxMetadataSize)
	if keep < 0 {
		return dst, ErrMetadataTooLarge
	}
	for keep > 0 && !utf8.RuneStart(m.platform[keep]) {
		keep--
	}
	b := m.appendDoc(dst, noEnv, m.platform[:keep])
	if len(b)-len(dst) > maxMetadataSize {
		return dst, ErrMetadataTooLarge
	}
	return b, nil
}

// appendDoc appends the client document at a truncation level.
func (m *metadata) appendDoc(dst []byte, level int, platform string) []byte {
	b, start := bson.AppendDocumentStart(dst)
	if m.appName != "" {
		var app int
		b, app = bson.AppendDocumentElementStart(b, "application")
		b = bson.AppendStringElement(b, "name", m.appName)
		b = bson.AppendDocumentEnd(b, app)
	}
	var drv int
	b, drv = bson.AppendDocumentElementStart(b, "driver")
	b = bson.AppendStringElement(b, "name", m.driverName)
	b = bson.AppendStringElement(b, "version", m.driverVersion)
	b = bson.AppendDocumentEnd(b, drv)
	b = m.appendOS(b, level < osTypeOnly)
	if platform != "" {
		b = bson.AppendStringElement(b, "platform", platform)
	}
	if level < noEnv {
		b = m.appendEnv(b, level < envNameOnly)
	}
	return bson.AppendDocumentEnd(b, start)
}

func (m *metadata) appendOS(b []byte, full bool) []byte {
	b, start := bson.AppendDocumentElementStart(b, "os")
	b = bson.AppendStringElement(b, "type", m.os.typ)
	if full {
		b = appendNonEmpty(b, "name", m.os.name)
		b = appendNonEmpty(b, "architecture", m.os.arch)
	}
	return bson.AppendDocumentEnd(b, start)
}

// appendEnv appends client.env, or nothing when it would be empty.
func (m *metadata) appendEnv(b []byte, full bool) []byte {
	e := &m.env
	hasContainer := e.containerRuntime != "" || e.containerOrchestr != ""
	if e.faas == "" && (!full || !hasContainer) {
		return b
	}
	b, start := bson.AppendDocumentElementStart(b, "env")
	b = appendNonEmpty(b, "name", e.faas)
	if full {
		if e.timeoutSec != 0 {
			b = bson.AppendInt32Element(b, "timeout_sec", e.timeoutSec)
		}
		if e.memoryMB != 0 {
			b = bson.AppendInt32Element(b, "memory_mb", e.memoryMB)
		}
		b = appendNonEmpty(b, "region", e.region)
		if hasContainer {
			var c int
			b, c = bson.AppendDocumentElementStart(b, "container")
			b = appendNonEmpty(b, "runtime", e.containerRuntime)
			b = appendNonEmpty(b, "orchestrator", e.containerOrchestr)
			b = bson.AppendDocumentEnd(b, c)
		}
	}
	return bson.AppendDocumentEnd(b, start)
}

func appendNonEmpty(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return bson.AppendStringElement(b, key, s)
}
