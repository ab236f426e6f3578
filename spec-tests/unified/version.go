package unified

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Version is a dotted version such as a schemaVersion ("1.26") or a server
// version ("8.0.4"). Missing components are zero.
type Version struct {
	Major, Minor, Patch int
}

// MaxSchemaVersion is the newest unified test format schema this package
// reads. Files of the same major version up to this minor are supported.
var MaxSchemaVersion = Version{Major: 1, Minor: 26}

// ErrUnsupportedSchema is wrapped by the error Load and Parse return for a
// file whose schemaVersion this package does not support.
var ErrUnsupportedSchema = errors.New("unified: unsupported schemaVersion")

// ParseVersion parses a version as test files write it: two or three
// non-negative integers separated by dots ("1.0", "4.2.99"), nothing else.
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, fmt.Errorf("version %q: want major.minor[.patch]", s)
	}
	return versionFromParts(s, parts)
}

// ParseServerVersion parses a server's version string leniently: one to
// three numeric components, and anything after the first character that is
// neither a digit nor a dot (as in "4.9.0-alpha4-271-g7d5cf02") is dropped,
// as the unified format requires for pre-release servers.
func ParseServerVersion(s string) (Version, error) {
	end := strings.IndexFunc(s, func(r rune) bool { return r != '.' && (r < '0' || r > '9') })
	if end >= 0 {
		s = s[:end]
	}
	s = strings.TrimSuffix(s, ".")
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		parts = parts[:3]
	}
	return versionFromParts(s, parts)
}

func versionFromParts(s string, parts []string) (Version, error) {
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p == "" || p[0] == '+' {
			return Version{}, fmt.Errorf("version %q: component %d is not a non-negative integer", s, i+1)
		}
		n[i] = v
	}
	return Version{Major: n[0], Minor: n[1], Patch: n[2]}, nil
}

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than o,
// comparing each component numerically.
func (v Version) Compare(o Version) int {
	for _, d := range [...]int{v.Major - o.Major, v.Minor - o.Minor, v.Patch - o.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// String returns v as "major.minor.patch".
func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

// SchemaSupported reports whether a file of schema version v can be run:
// same major version as MaxSchemaVersion and not newer than it. The reason
// explains a refusal.
func SchemaSupported(v Version) (ok bool, reason string) {
	if v.Major != MaxSchemaVersion.Major {
		return false, fmt.Sprintf("schemaVersion %d.%d has major version %d; this runner supports %d.x up to %d.%d",
			v.Major, v.Minor, v.Major, MaxSchemaVersion.Major, MaxSchemaVersion.Major, MaxSchemaVersion.Minor)
	}
	// Patch versions never change the file structure, so only major.minor
	// counts.
	if (Version{Major: v.Major, Minor: v.Minor}).Compare(MaxSchemaVersion) > 0 {
		return false, fmt.Sprintf("schemaVersion %d.%d is newer than the supported %d.%d",
			v.Major, v.Minor, MaxSchemaVersion.Major, MaxSchemaVersion.Minor)
	}
	return true, ""
}
