package engine

import (
	"math/rand/v2"
	"time"

	"github.com/cwal-go/cwal/bson"
)

// Env is the context one command gives everything it compiles: the
// command's let variables, the values of $$NOW and $$CLUSTER_TIME, the
// collation, and the random source of $rand and $sample. Build one per
// command with NewEnv; it is not safe for concurrent use while SetLet runs,
// and read-only afterwards.
type Env struct {
	Now         time.Time            // $$NOW; also the time $currentDate writes
	ClusterTime bson.Timestamp       // $$CLUSTER_TIME
	Collation   *Collation           // nil compares strings bytewise
	Rand        func() float64       // [0, 1); nil uses math/rand/v2
	NewID       func() bson.ObjectID // _id for upserts; nil uses bson.NewObjectID
	DB          string               // the command's database, for $lookup and $unionWith

	letNames []string
	letVals  []bson.RawValue
}

// NewEnv returns an Env whose $$NOW is the current time.
func NewEnv() *Env { return &Env{Now: time.Now()} }

// envOrDefault returns env, or a fresh default one for a nil env.
func envOrDefault(env *Env) *Env {
	if env == nil {
		return NewEnv()
	}
	return env
}

// SetLet evaluates a command's let document and binds its variables. Each
// value is an expression evaluated without a document ($rand, $literal,
// earlier let variables and $$NOW work; field paths are missing). Names must
// be valid user variable names.
func (e *Env) SetLet(let bson.Raw) error {
	it := let.Iter()
	for it.Next() {
		name := it.Key()
		if err := validateVarName(name); err != nil {
			return err
		}
		c := newCompiler(e)
		x, err := c.parse(it.Value())
		if err != nil {
			return err
		}
		ec := c.newCtx(bson.RawValue{})
		v, err := x.eval(ec)
		if err != nil {
			return err
		}
		if v.Type == 0 { // $$REMOVE or a missing path binds nothing useful
			v = valNull
		}
		e.bind(name, v)
	}
	if it.Err() != nil {
		return malformed(it.Err())
	}
	return nil
}

func (e *Env) bind(name string, v bson.RawValue) {
	for i, n := range e.letNames {
		if n == name {
			e.letVals[i] = v
			return
		}
	}
	e.letNames = append(e.letNames, name)
	e.letVals = append(e.letVals, v)
}

// Var returns the value bound to a let variable.
func (e *Env) Var(name string) (bson.RawValue, bool) {
	for i, n := range e.letNames {
		if n == name {
			return e.letVals[i], true
		}
	}
	return bson.RawValue{}, false
}

func (e *Env) random() float64 {
	if e.Rand != nil {
		return e.Rand()
	}
	return rand.Float64()
}

func (e *Env) newID() bson.ObjectID {
	if e.NewID != nil {
		return e.NewID()
	}
	return bson.NewObjectID()
}
