package connstring

// Optional holds a value that may be unset. It is used for the few Config
// fields whose zero value is a meaningful explicit setting that differs from
// the default: maxPoolSize=0 means "no limit" while an absent maxPoolSize
// means 100, w=0 asks for no acknowledgment while an absent w leaves the
// server default, retryWrites=false turns off a feature that is on by
// default.
//
// The zero Optional is unset, so a zero Config still means "all defaults".
// Every other Config field is a plain value whose zero means "default".
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
