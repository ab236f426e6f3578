package unified

import (
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/cwal-go/cwal/bson"
)

// EntityKind names the type of an entity in an EntityMap.
type EntityKind string

// The entity kinds of the unified test format.
const (
	KindClient              EntityKind = "client"
	KindDatabase            EntityKind = "database"
	KindCollection          EntityKind = "collection"
	KindSession             EntityKind = "session"
	KindBucket              EntityKind = "bucket"
	KindThread              EntityKind = "thread"
	KindClientEncryption    EntityKind = "clientEncryption"
	KindChangeStream        EntityKind = "changeStream"
	KindFindCursor          EntityKind = "findCursor"
	KindCommandCursor       EntityKind = "commandCursor"
	KindTopologyDescription EntityKind = "topologyDescription"
	// KindBSON is a BSON value saved by saveResultAsEntity or an iteration
	// count; its value is a bson.RawValue.
	KindBSON EntityKind = "bson"
)

// Errors of EntityMap; the returned errors wrap them and name the entity.
var (
	ErrDuplicateEntity = errors.New("entity already defined")
	ErrNoEntity        = errors.New("entity not defined")
	ErrEntityKind      = errors.New("entity has another kind")
)

// SessionIDer is implemented by session entities so $$sessionLsid can read
// their logical session id.
type SessionIDer interface {
	// SessionID returns the session's lsid document, such as {id: UUID}.
	SessionID() bson.Raw
}

// EntityMap holds one test's entities by unique name. It is safe for
// concurrent use, since thread entities use it at the same time as the
// main test. It implements EntityLookup.
type EntityMap struct {
	mu      sync.RWMutex
	entries map[string]entityEntry
	order   []string
}

type entityEntry struct {
	kind  EntityKind
	value any
}

// NewEntityMap returns an empty map.
func NewEntityMap() *EntityMap {
	return &EntityMap{entries: map[string]entityEntry{}}
}

// Add stores value under name; a name may be used once.
func (m *EntityMap) Add(name string, kind EntityKind, value any) error {
	if kind == KindBSON {
		if _, ok := value.(bson.RawValue); !ok {
			return fmt.Errorf("entity %q: a %s entity must be a bson.RawValue, got %T", name, kind, value)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.entries[name]; ok {
		return fmt.Errorf("entity %q (%s): %w", name, old.kind, ErrDuplicateEntity)
	}
	m.entries[name] = entityEntry{kind: kind, value: value}
	m.order = append(m.order, name)
	return nil
}

// AddBSON stores a BSON value under name.
func (m *EntityMap) AddBSON(name string, v bson.RawValue) error {
	return m.Add(name, KindBSON, v)
}

// Get returns the entity called name, which must be of kind.
func (m *EntityMap) Get(name string, kind EntityKind) (any, error) {
	m.mu.RLock()
	e, ok := m.entries[name]
	m.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("entity %q: %w", name, ErrNoEntity)
	}
	if e.kind != kind {
		return nil, fmt.Errorf("entity %q is a %s, not a %s: %w", name, e.kind, kind, ErrEntityKind)
	}
	return e.value, nil
}

// Kind returns the kind of the entity called name.
func (m *EntityMap) Kind(name string) (EntityKind, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.entries[name]
	return e.kind, ok
}

// Names returns the entity names in the order they were added.
func (m *EntityMap) Names() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]string(nil), m.order...)
}

// Lookup returns the entity called name as a T, checking its kind first.
func Lookup[T any](m *EntityMap, name string, kind EntityKind) (T, error) {
	var zero T
	v, err := m.Get(name, kind)
	if err != nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("entity %q holds a %T, not a %T: %w", name, v, zero, ErrEntityKind)
	}
	return t, nil
}

// BSON returns the BSON entity called name.
func (m *EntityMap) BSON(name string) (bson.RawValue, error) {
	return Lookup[bson.RawValue](m, name, KindBSON)
}

// EntityValue implements EntityLookup.
func (m *EntityMap) EntityValue(name string) (bson.RawValue, error) { return m.BSON(name) }

// SessionLsid implements EntityLookup: the session entity must implement
// SessionIDer.
func (m *EntityMap) SessionLsid(name string) (bson.Raw, error) {
	s, err := Lookup[SessionIDer](m, name, KindSession)
	if err != nil {
		return nil, err
	}
	return s.SessionID(), nil
}

// ByKind returns the names of the entities of kind, sorted, for cleanup
// such as ending sessions and closing cursors.
func (m *EntityMap) ByKind(kind EntityKind) []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []string
	for name, e := range m.entries {
		if e.kind == kind {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
