package topology

import (
	"errors"
	"maps"
	"slices"
	"strconv"
)

// Sentinel errors; the error types below unwrap to them.
var (
	// ErrInvalidReadPref is a read preference the specification forbids.
	ErrInvalidReadPref = errors.New("topology: invalid read preference")
	// ErrIncompatible is a topology with a server whose wire protocol
	// range does not overlap the driver's: every selection fails until the
	// server is upgraded, downgraded or removed.
	ErrIncompatible = errors.New("topology: incompatible server wire version")
	// ErrNegativeRTT is a round trip time below zero, which a monotonic
	// clock cannot produce; RTT.Add rejects it.
	ErrNegativeRTT = errors.New("topology: negative round trip time")
)

// ReadPrefError is an invalid read preference: Field names the offending
// component ("mode", "tagSets", "maxStalenessSeconds").
type ReadPrefError struct {
	Field   string
	Problem string
}

func (e *ReadPrefError) Error() string {
	return "topology: invalid read preference: " + e.Field + " " + e.Problem
}

// Unwrap returns ErrInvalidReadPref.
func (e *ReadPrefError) Unwrap() error { return ErrInvalidReadPref }

// Wire protocol versions this driver speaks: MongoDB 4.2 to 8.0.
const (
	MinSupportedWireVersion = 8
	MaxSupportedWireVersion = 25
	minSupportedMongoDB     = "4.2"
)

// CompatibilityError says which server's wire range does not overlap the
// driver's, with the SDAM specification's wording.
type CompatibilityError struct {
	// Addr is the incompatible server.
	Addr string
	// MinWireVersion and MaxWireVersion are the server's range.
	MinWireVersion, MaxWireVersion int32
}

func (e *CompatibilityError) Error() string {
	if e.MinWireVersion > MaxSupportedWireVersion {
		return "Server at " + e.Addr + " requires wire version " + itoa32(e.MinWireVersion) +
			", but this version of cwal only supports up to " + strconv.Itoa(MaxSupportedWireVersion) + "."
	}
	return "Server at " + e.Addr + " reports wire version " + itoa32(e.MaxWireVersion) +
		", but this version of cwal requires at least " + strconv.Itoa(MinSupportedWireVersion) +
		" (MongoDB " + minSupportedMongoDB + ")."
}

// Unwrap returns ErrIncompatible.
func (e *CompatibilityError) Unwrap() error { return ErrIncompatible }

func itoa32(n int32) string { return strconv.FormatInt(int64(n), 10) }

// sortedKeys returns the keys of m in order, for stable output.
func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
