package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// Expression is a compiled aggregation expression, such as the value of a
// computed field or the argument of $expr. Safe for concurrent use.
type Expression struct {
	x expr
	c *compiler
}

// CompileExpression compiles spec (any BSON value: "$path", {$op: ...}, an
// object or array of expressions, or a literal) against env's variables.
// Unknown operators fail with InvalidPipelineOperator (168), undefined
// variables with code 17276, as on the server.
func CompileExpression(spec bson.RawValue, env *Env) (*Expression, error) {
	c := newCompiler(env)
	x, err := c.parse(spec)
	if err != nil {
		return nil, err
	}
	return &Expression{x: x, c: c}, nil
}

// Eval evaluates the expression with doc as $$ROOT and $$CURRENT (doc may
// be nil). A missing result (a missing path, $$REMOVE) is the zero RawValue.
func (e *Expression) Eval(doc bson.Raw) (bson.RawValue, error) {
	var root bson.RawValue
	if doc != nil {
		root = valDoc(doc)
	}
	return e.x.eval(e.c.newCtx(root))
}

// IsConstant reports whether the expression does not depend on the document.
func (e *Expression) IsConstant() bool {
	_, ok := e.x.(constExpr)
	return ok
}
