package engine

import (
	"strconv"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// applyCtx is the state of applying operators to one document.
type applyCtx struct {
	u       *Update
	orig    bson.Raw
	root    *node
	pos     int
	insert  bool
	touched map[string]bool // concrete paths modified
	under   map[string]bool // proper prefixes of touched paths
}

func (u *Update) applyOperators(doc bson.Raw, pos int, insert bool) (bson.Raw, error) {
	a := &applyCtx{u: u, orig: doc, root: newDocTree(doc), pos: pos, insert: insert,
		touched: map[string]bool{}, under: map[string]bool{}}
	if err := a.children(u.root, a.root, nil); err != nil {
		return nil, err
	}
	out := a.root.asDoc().appendTo(nil)
	if !insert {
		if err := u.checkIDUnchanged(doc, out); err != nil {
			return nil, err
		}
	}
	return out, checkStorage(out)
}

// checkIDUnchanged enforces the immutability of _id.
func (u *Update) checkIDUnchanged(before, after bson.Raw) error {
	if sameValue(before.Lookup("_id"), after.Lookup("_id")) {
		return nil
	}
	path := "_id"
	if len(u.idPaths) > 0 {
		path = u.idPaths[0]
	}
	return errorf(CodeImmutableField, "Performing an update on the path '%s' would modify the immutable field '_id'", path)
}

func sameValue(a, b bson.RawValue) bool {
	return a.Type == b.Type && string(a.Value) == string(b.Value)
}

// children applies the children of un to target (a document or array).
// Array filters are evaluated against the array as it was before any child
// changed it, as the server does.
func (a *applyCtx) children(un *unode, target *node, path []string) error {
	type step struct {
		un   *unode
		name string
	}
	var plan []step
	for _, name := range un.order {
		child := un.children[name]
		switch {
		case name == "$":
			if a.pos < 0 {
				return badValue("The positional operator did not find the match needed from the query.")
			}
			plan = append(plan, step{child, strconv.Itoa(a.pos)})
		case name == "$[]" || strings.HasPrefix(name, "$[") && strings.HasSuffix(name, "]"):
			idx, err := a.arrayMatches(target, name, path)
			if err != nil {
				return err
			}
			for _, i := range idx {
				plan = append(plan, step{child, strconv.Itoa(i)})
			}
		default:
			plan = append(plan, step{child, name})
		}
	}
	for _, s := range plan {
		if err := a.child(s.un, target, s.name, path); err != nil {
			return err
		}
	}
	return nil
}

// arrayMatches returns the indexes $[] or $[id] applies to.
func (a *applyCtx) arrayMatches(target *node, name string, path []string) ([]int, error) {
	if !target.isArray() {
		return nil, badValue("Cannot apply array updates to non-array element %s", formatElemPlain(path, target))
	}
	var f *Filter
	id := ""
	if name != "$[]" {
		id = name[2 : len(name)-1]
		f = a.u.filters[id]
	}
	var out []int
	for i, e := range target.asArr().vals {
		if f != nil {
			ok, err := matchArrayElem(f, id, e.value())
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		out = append(out, i)
	}
	return out, nil
}

// matchArrayElem matches one array element against an array filter by
// presenting it as {id: element}.
func matchArrayElem(f *Filter, id string, v bson.RawValue) (bool, error) {
	d, start := bson.AppendDocumentStart(nil)
	d = bson.AppendValueElement(d, id, v)
	return f.Match(bson.AppendDocumentEnd(d, start))
}

// formatElemPlain renders the element at path as "key: value".
func formatElemPlain(path []string, n *node) string {
	key := ""
	if len(path) > 0 {
		key = path[len(path)-1]
	}
	return key + ": " + formatValue(n.value())
}

// child applies un to the field or element name of parent.
func (a *applyCtx) child(un *unode, parent *node, name string, path []string) error {
	full := append(path[:len(path):len(path)], name)
	existing := parent.child(name)
	if un.op != nil {
		return a.leaf(un.op, parent, name, existing, full)
	}
	switch {
	case existing == nil:
		if !un.creates {
			return nil
		}
		if next := un.order[0]; next == "$[]" || strings.HasPrefix(next, "$[") {
			return badValue("The path '%s' must exist in the document in order to apply array updates.", strings.Join(full, "."))
		}
		created := emptyDocNode()
		if err := a.place(parent, name, created, path); err != nil {
			return err
		}
		return a.children(un, created, full)
	case existing.isDoc() || existing.isArray() || strings.HasPrefix(un.order[0], "$["):
		return a.children(un, existing, full)
	case !un.creates:
		return nil
	}
	return errorf(CodePathNotViable, "Cannot create field '%s' in element {%s}", un.order[0], formatElemPlain(full, existing))
}

// place stores n as field name of parent, failing as the server does when
// parent is an array and name is not an index.
func (a *applyCtx) place(parent *node, name string, n *node, path []string) error {
	if parent.isArray() {
		i, ok := arrayIndex(name)
		if !ok {
			return errorf(CodePathNotViable, "Cannot create field '%s' in element {%s}", name, formatElemPlain(path, parent))
		}
		parent.asArr().setIndex(i, n)
		return nil
	}
	parent.asDoc().set(name, n)
	return nil
}

// record notes a modified concrete path, failing when it overlaps one
// modified before (only array updates can make two paths meet at run time).
func (a *applyCtx) record(full []string) error {
	p := strings.Join(full, ".")
	if a.touched[p] || a.under[p] {
		return errorf(CodeConflictingUpdateOperators, "Update created a conflict at '%s'", p)
	}
	for i := 1; i < len(full); i++ {
		prefix := strings.Join(full[:i], ".")
		if a.touched[prefix] {
			return errorf(CodeConflictingUpdateOperators, "Update created a conflict at '%s'", prefix)
		}
		a.under[prefix] = true
	}
	a.touched[p] = true
	return nil
}
