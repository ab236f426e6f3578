package operation

import "github.com/cwal-go/cwal/connstring"

// Optional holds an option whose zero value is itself a meaningful setting
// that differs from the server's default: allowDiskUse: false,
// bypassDocumentValidation: false, w: 0, an aggregate batchSize of 0. It is
// the one idiom for such options in this package; every other option is a
// plain value whose zero means "not sent, server default".
//
// It is the same type as connstring.Optional, so a value parsed from a
// connection string passes straight through. The zero Optional is unset.
type Optional[T any] = connstring.Optional[T]

// Some returns an Optional holding v.
func Some[T any](v T) Optional[T] { return connstring.Some(v) }
