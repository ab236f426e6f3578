package bson

// E is one element of a D: a key and a value.
type E struct {
	Key   string
	Value any
}

// D is an ordered document. Use it when order matters, as it does for commands.
type D []E

// M is an unordered document. Marshal writes its keys in sorted order so the
// output is deterministic.
type M map[string]any

// A is a BSON array.
type A []any

// Map returns d as an M; later duplicates of a key win.
func (d D) Map() M {
	m := make(M, len(d))
	for _, e := range d {
		m[e.Key] = e.Value
	}
	return m
}

// Lookup returns the value of the first element named key.
func (d D) Lookup(key string) (any, bool) {
	for _, e := range d {
		if e.Key == key {
			return e.Value, true
		}
	}
	return nil, false
}
