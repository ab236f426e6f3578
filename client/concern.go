package client

import (
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/topology"
)

// Re-exported option types, so that a caller needs only this package.
type (
	// ReadConcern is a read concern; the zero value inherits.
	ReadConcern = operation.ReadConcern
	// WriteConcern is a write concern; the zero value inherits.
	WriteConcern = operation.WriteConcern
	// WValue is the w of a WriteConcern.
	WValue = operation.WValue
	// ReadPref is a read preference.
	ReadPref = topology.ReadPref
	// CommandMonitor receives command monitoring events.
	CommandMonitor = operation.CommandMonitor
)

// Optional is an option whose zero value is itself a meaningful setting;
// see operation.Optional.
type Optional[T any] = operation.Optional[T]

// Some returns an Optional holding v.
func Some[T any](v T) Optional[T] { return operation.Some(v) }

// Majority is the write concern {w: "majority"}.
func Majority() WriteConcern {
	return WriteConcern{W: operation.Some(WValue{Tag: "majority"})}
}

// Unacknowledged is the write concern {w: 0}: the server does not reply.
func Unacknowledged() WriteConcern {
	return WriteConcern{W: operation.Some(WValue{N: 0})}
}

// Settings override the concerns and read preference a Database or
// Collection inherits from its parent. A zero field inherits.
type Settings struct {
	ReadConcern  ReadConcern
	WriteConcern WriteConcern
	// ReadPref: unset inherits (its zero value, primary, is a setting).
	ReadPref Optional[ReadPref]
}

// apply returns parent with the fields s sets.
func (s Settings) apply(parent settings) settings {
	if !s.ReadConcern.IsZero() {
		parent.rc = s.ReadConcern
	}
	if !s.WriteConcern.IsZero() {
		parent.wc = s.WriteConcern
	}
	if rp, ok := s.ReadPref.Get(); ok {
		parent.rp = rp
	}
	return parent
}

// lastSettings picks the Settings of a variadic parameter: the last wins.
func lastSettings(opts []Settings) Settings {
	if len(opts) == 0 {
		return Settings{}
	}
	return opts[len(opts)-1]
}

// last picks the options of a variadic parameter: the last wins; none is
// the zero value.
func last[T any](opts []T) T {
	var zero T
	if len(opts) == 0 {
		return zero
	}
	return opts[len(opts)-1]
}
