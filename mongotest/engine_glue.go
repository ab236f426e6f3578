package mongotest

import (
	"errors"
	"strings"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

// engineError converts an error of the query engine; nil when err is not one.
func engineError(err error) *cmdError {
	var ee *engine.Error
	if errors.As(err, &ee) {
		return &cmdError{Code: ee.Code, Name: ee.Name, Msg: ee.Msg}
	}
	return nil
}

// engineCodeName is the engine's name for code, or "" when it has none.
func engineCodeName(code int32) string {
	n := engine.CodeName(code)
	if strings.HasPrefix(n, "Location") {
		return ""
	}
	return n
}

// commandEnv builds the engine environment of a command: its collation
// (collationField names the option; "" for none) and its let variables.
func commandEnv(r *request, collation bson.RawValue) (*engine.Env, error) {
	env := engine.NewEnv()
	env.DB = r.db
	if collation.Type != 0 {
		spec, ok := collation.DocumentOK()
		if !ok {
			return nil, typeMismatch(r.name, "collation", collation, "object")
		}
		c, err := engine.ParseCollation(spec)
		if err != nil {
			return nil, err
		}
		env.Collation = c
	}
	if let := r.arg("let"); let.Type != 0 {
		d, ok := let.DocumentOK()
		if !ok {
			return nil, typeMismatch(r.name, "let", let, "object")
		}
		if err := env.SetLet(d); err != nil {
			return nil, err
		}
	}
	return env, nil
}

// compileFilter compiles an optional filter value; a missing or null
// filter matches everything.
func compileFilter(r *request, field string, v bson.RawValue, env *engine.Env) (*engine.Filter, error) {
	var d bson.Raw
	switch v.Type {
	case 0, bson.TypeNull:
		d = emptyDoc
	case bson.TypeEmbeddedDoc:
		d = v.Document()
	default:
		return nil, typeMismatch(r.name, field, v, "object")
	}
	return engine.CompileFilter(d, env)
}

// emptyDoc is {}.
var emptyDoc = bson.Raw{5, 0, 0, 0, 0}
