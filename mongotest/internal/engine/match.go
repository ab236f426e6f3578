package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// Filter is a compiled query filter (the q of find, update, delete, the
// body of $match). Safe for concurrent use.
type Filter struct {
	root matcher
	expr *compiler // expression compiler when the filter uses $expr
	coll *Collation
	plan filterPlan
}

// matcher is a node of a compiled filter, matched against one document.
type matcher interface {
	matches(m *matchCtx, doc bson.Raw) (bool, error)
}

// matchCtx is the state of one Match call.
type matchCtx struct {
	f    *Filter
	coll *Collation
	ec   *evalCtx // created on first $expr
	pos  int      // array position for the positional $ operator, or -1
}

// CompileFilter compiles a query filter. env supplies the collation and the
// variables $expr may use; nil means no let variables and binary string
// comparison; a nil filter matches everything. Errors are the server's:
// BadValue (2) "unknown operator: $x", "unknown top level operator: $x.
// ...", malformed $in/$mod/$size/$type arguments and so on.
func CompileFilter(filter bson.Raw, env *Env) (*Filter, error) {
	env = envOrDefault(env)
	if len(filter) == 0 {
		filter = emptyDoc
	}
	mc := &matchCompiler{env: env}
	root, err := mc.parseDoc(filter, true)
	if err != nil {
		return nil, err
	}
	return &Filter{root: root, expr: mc.expr, coll: env.Collation, plan: planFilter(filter, env)}, nil
}

// Match reports whether doc satisfies the filter. An error comes only from
// $expr evaluation (for example $add of a string).
func (f *Filter) Match(doc bson.Raw) (bool, error) {
	ok, _, err := f.MatchPos(doc)
	return ok, err
}

// MatchPos is Match that also returns the array index the positional $
// update and projection operators use: the position, in the first array
// the filter traversed, of the element that made it match; -1 when none.
func (f *Filter) MatchPos(doc bson.Raw) (bool, int, error) {
	m := &matchCtx{f: f, coll: f.coll, pos: -1}
	ok, err := f.root.matches(m, doc)
	if !ok || err != nil {
		return false, -1, err
	}
	return true, m.pos, nil
}

// evalCtx returns the expression context for doc, creating it on first use.
func (m *matchCtx) evalCtx(doc bson.Raw) *evalCtx {
	if m.ec == nil {
		m.ec = m.f.expr.newCtx(valDoc(doc))
	} else {
		m.ec.reset(valDoc(doc))
	}
	return m.ec
}

// Logical nodes.

type andNode []matcher

func (n andNode) matches(m *matchCtx, doc bson.Raw) (bool, error) {
	for _, c := range n {
		if ok, err := c.matches(m, doc); !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}

type orNode []matcher

func (n orNode) matches(m *matchCtx, doc bson.Raw) (bool, error) {
	for _, c := range n {
		if ok, err := c.matches(m, doc); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// notNode negates; it is $not, $nor (over an orNode), $ne, $nin and
// $exists: false. The positional record of the inner match is discarded.
type notNode struct{ inner matcher }

func (n notNode) matches(m *matchCtx, doc bson.Raw) (bool, error) {
	saved := m.pos
	ok, err := n.inner.matches(m, doc)
	m.pos = saved
	return !ok, err
}

type constNode bool

func (n constNode) matches(*matchCtx, bson.Raw) (bool, error) { return bool(n), nil }

// exprNode is {$expr: ...}.
type exprNode struct{ x expr }

func (n exprNode) matches(m *matchCtx, doc bson.Raw) (bool, error) {
	v, err := n.x.eval(m.evalCtx(doc))
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}

// fieldNode applies a predicate to the values a path reaches.
type fieldNode struct {
	path []string
	pred predicate
}

func (n fieldNode) matches(m *matchCtx, doc bson.Raw) (bool, error) {
	if len(n.path) == 1 { // the common case, without the walker's allocations
		if v := doc.Lookup(n.path[0]); v.Type != bson.TypeArray {
			ok, p, err := n.pred.matchValue(m, v)
			if ok && p >= 0 {
				m.pos = p
			}
			return ok && err == nil, err
		}
	}
	var err error
	found := false
	walkPath(doc, n.path, n.pred.expand(), func(v bson.RawValue, pos int) bool {
		var ok bool
		var p int
		ok, p, err = n.pred.matchValue(m, v)
		if ok && err == nil {
			found = true
			if pos >= 0 {
				m.pos = pos
			} else if p >= 0 {
				m.pos = p
			}
		}
		return found || err != nil
	})
	return found && err == nil, err
}

// predicate tests one value reached by a path. matchValue may return an
// array position of its own ($elemMatch); -1 otherwise.
type predicate interface {
	matchValue(m *matchCtx, v bson.RawValue) (bool, int, error)
	expand() bool // whether leaf arrays are searched element by element
}
