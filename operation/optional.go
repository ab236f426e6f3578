package operation

// Optional holds an option whose zero value is itself a meaningful setting
// that differs from the server's default: allowDiskUse: false,
// bypassDocumentValidation: false, w: 0, an aggregate batchSize of 0. It is
// the one idiom for such options in this package; every other option is a
// plain value whose zero means "not sent, server default".
//
// The zero Optional is unset.
type Optional[T any] struct {
	// Value is the setting; it is meaningful only when Set is true.
	Value T
	// Set reports whether the option was given.
	Set bool
}

// Some returns an Optional holding v.
func Some[T any](v T) Optional[T] {
	return Optional[T]{Value: v, Set: true}
}

// Get returns the value and whether it is set.
func (o Optional[T]) Get() (T, bool) {
	return o.Value, o.Set
}

// Or returns the value when it is set and def otherwise.
func (o Optional[T]) Or(def T) T {
	if o.Set {
		return o.Value
	}
	return def
}
