package engine

import (
	"sort"
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// unode is a node of the update tree: the operator paths merged by part,
// as the server's UpdateObjectNode does, so conflicts are found while
// parsing and fields are visited in the server's order.
type unode struct {
	children map[string]*unode
	order    []string // child names in application order
	op       *updateOp
	creates  bool // some operator below may create fields
}

// updateOp is one operator applied at one path.
type updateOp struct {
	name string        // "$set", "$inc", ...
	path string        // the path as written
	arg  bson.RawValue // the operator's argument for this path
	push *pushSpec     // $push and $addToSet
	pull *pullSpec     // $pull
	from string        // $rename: the source path (the op sits at the target)
	ts   bool          // $currentDate: timestamp rather than date
}

// modifiers lists the update operators; the value says whether the
// operator can create a missing field.
var modifiers = map[string]bool{
	"$set": true, "$unset": false, "$inc": true, "$mul": true, "$min": true, "$max": true,
	"$rename": true, "$push": true, "$addToSet": true, "$pop": false, "$pull": false,
	"$pullAll": false, "$currentDate": true, "$setOnInsert": true, "$bit": true,
}

func (u *Update) parseOperators(d bson.Raw) error {
	u.root = &unode{}
	it := d.Iter()
	for it.Next() {
		name, v := it.Key(), it.Value()
		if _, ok := modifiers[name]; !ok {
			return failedToParse("Unknown modifier: %s. Expected a valid update modifier or pipeline-style update specified as an array", name)
		}
		if v.Type != bson.TypeEmbeddedDoc {
			return failedToParse("Modifiers operate on fields but we found type %s instead. For example: {$mod: {<field>: ...}} not {%s: %s}", typeName(v.Type), name, formatValue(v))
		}
		fit := bson.Raw(v.Value).Iter()
		for fit.Next() {
			if err := u.addOp(name, fit.Key(), fit.Value()); err != nil {
				return err
			}
		}
	}
	if it.Err() != nil {
		return malformed(it.Err())
	}
	u.root.finish()
	return nil
}

// addOp validates one operator path and merges it into the tree.
func (u *Update) addOp(name, path string, arg bson.RawValue) error {
	if err := checkUpdatePath(path); err != nil {
		return err
	}
	op := &updateOp{name: name, path: path, arg: arg}
	if err := u.initOp(op); err != nil {
		return err
	}
	if name == "$rename" {
		to := arg.StringValue()
		op.from, op.path = path, to
		if err := u.insert(&updateOp{name: "", path: path}, path); err != nil {
			return err
		}
		return u.insert(op, to)
	}
	return u.insert(op, path)
}

// checkUpdatePath rejects empty parts and misplaced positional operators.
func checkUpdatePath(path string) error {
	if path == "" {
		return errorf(CodeEmptyFieldName, "An empty update path is not valid.")
	}
	parts := splitPath(path)
	positional := 0
	for i, p := range parts {
		if p == "" {
			return errorf(CodeEmptyFieldName, "The update path '%s' contains an empty field name, which is not allowed.", path)
		}
		if p == "$" {
			positional++
			if i == 0 {
				return badValue("Cannot have positional (i.e. '$') element in the first position in path '%s'", path)
			}
		}
	}
	if positional > 1 {
		return badValue("Too many positional (i.e. '$') elements found in path '%s'", path)
	}
	return nil
}

// insert adds op at path, reporting the server's conflict errors.
func (u *Update) insert(op *updateOp, path string) error {
	parts := splitPath(path)
	if parts[0] == "_id" {
		u.idPaths = append(u.idPaths, path)
	}
	cur := u.root
	for i, p := range parts {
		if cur.op != nil {
			return errorf(CodeConflictingUpdateOperators, "Updating the path '%s' would create a conflict at '%s'", path, strings.Join(parts[:i], "."))
		}
		if err := u.checkArrayFilterID(p, path); err != nil {
			return err
		}
		if cur.children == nil {
			cur.children = map[string]*unode{}
		}
		next, ok := cur.children[p]
		if i == len(parts)-1 {
			if ok {
				return errorf(CodeConflictingUpdateOperators, "Updating the path '%s' would create a conflict at '%s'", path, path)
			}
			cur.children[p] = &unode{op: op}
			return nil
		}
		if !ok {
			next = &unode{}
			cur.children[p] = next
		}
		cur = next
	}
	return nil
}

// finish computes the application order and the creates flags.
func (n *unode) finish() bool {
	if n.op != nil {
		n.creates = modifiers[n.op.name] && n.op.name != ""
		return n.creates
	}
	for k, c := range n.children {
		n.order = append(n.order, k)
		if c.finish() {
			n.creates = true
		}
	}
	sort.Slice(n.order, func(i, j int) bool { return fieldNameLess(n.order[i], n.order[j]) })
	return n.creates
}

// fieldNameLess is the order the server (5.0+) applies updates to sibling
// fields in: numeric names numerically, others bytewise.
func fieldNameLess(a, b string) bool {
	na, oka := arrayIndex(a)
	nb, okb := arrayIndex(b)
	if oka && okb && na != nb {
		return na < nb
	}
	return a < b
}

// parseArrayFilters compiles the arrayFilters option: each filter names one
// identifier, the first part of all its paths.
func (u *Update) parseArrayFilters(filters []bson.Raw) error {
	u.filters = map[string]*Filter{}
	for _, f := range filters {
		id, err := arrayFilterID(f)
		if err != nil {
			return err
		}
		if _, dup := u.filters[id]; dup {
			return failedToParse("Found multiple array filters with the same top-level field name %s", id)
		}
		cf, err := CompileFilter(f, u.env)
		if err != nil {
			return err
		}
		u.filters[id] = cf
	}
	return nil
}

func arrayFilterID(f bson.Raw) (string, error) {
	id := ""
	it := f.Iter()
	for it.Next() {
		k := it.Key()
		if strings.HasPrefix(k, "$") {
			return "", failedToParse("Error parsing array filter :: caused by :: Expected a single top-level field name, found '%s'", k)
		}
		first, _, _ := strings.Cut(k, ".")
		if id != "" && first != id {
			return "", failedToParse("Error parsing array filter :: caused by :: Expected a single top-level field name, found '%s' and '%s'", id, first)
		}
		id = first
	}
	if id == "" {
		return "", failedToParse("Cannot use an expression without a top-level field name in arrayFilters")
	}
	if !validFilterID(id) {
		return "", badValue("Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '%s'", id)
	}
	return id, nil
}

func validFilterID(id string) bool {
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// checkArrayFilterID checks a "$[id]" path part against the filters.
func (u *Update) checkArrayFilterID(part, path string) error {
	if !strings.HasPrefix(part, "$[") || part == "$[]" || !strings.HasSuffix(part, "]") {
		if strings.HasPrefix(part, "$") && part != "$" && part != "$[]" {
			return errorf(CodeDollarPrefixedFieldName, "The dollar ($) prefixed field '%s' in '%s' is not valid for storage.", part, path)
		}
		return nil
	}
	id := part[2 : len(part)-1]
	if _, ok := u.filters[id]; !ok {
		return badValue("No array filter found for identifier '%s' in path '%s'", id, path)
	}
	u.usedFilter(id)
	return nil
}

func (u *Update) usedFilter(id string) {
	if u.usedIDs == nil {
		u.usedIDs = map[string]bool{}
	}
	u.usedIDs[id] = true
}

func (u *Update) checkFiltersUsed() error {
	for id := range u.filters {
		if !u.usedIDs[id] {
			return failedToParse("The array filter for identifier '%s' was not used in the update %s", id, formatValue(u.spec))
		}
	}
	return nil
}

// validateReplacement rejects top-level $-prefixed fields in a replacement.
func validateReplacement(d bson.Raw) error {
	it := d.Iter()
	for it.Next() {
		k := it.Key()
		if strings.HasPrefix(k, "$") {
			return errorf(CodeDollarPrefixedFieldName, "The dollar ($) prefixed field '%s' in '%s' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.", k, k)
		}
	}
	if it.Err() != nil {
		return malformed(it.Err())
	}
	return nil
}
