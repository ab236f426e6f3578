package engine

import (
	"strconv"

	"github.com/cwal-go/cwal/bson"
)

// A mutable document tree for updates. Nodes start as views of the stored
// bytes and are expanded only along the paths an update touches, so an
// update of one field of a large document re-encodes little and copies the
// rest as bytes.

type node struct {
	raw bson.RawValue // the value, for leaves and unexpanded containers
	doc *tdoc         // set once a document is expanded
	arr *tarr         // set once an array is expanded
}

type tdoc struct {
	keys []string
	vals []*node
}

type tarr struct{ vals []*node }

func leafNode(v bson.RawValue) *node { return &node{raw: v} }

func newDocTree(d bson.Raw) *node { return &node{raw: valDoc(d)} }

func emptyDocNode() *node { return &node{doc: &tdoc{}} }

// typ returns the node's BSON type.
func (n *node) typ() bson.Type {
	switch {
	case n.doc != nil:
		return bson.TypeEmbeddedDoc
	case n.arr != nil:
		return bson.TypeArray
	}
	return n.raw.Type
}

func (n *node) isDoc() bool   { return n.typ() == bson.TypeEmbeddedDoc }
func (n *node) isArray() bool { return n.typ() == bson.TypeArray }

// asDoc expands a document node.
func (n *node) asDoc() *tdoc {
	if n.doc == nil && n.raw.Type == bson.TypeEmbeddedDoc {
		d := &tdoc{}
		it := bson.Raw(n.raw.Value).Iter()
		for it.Next() {
			d.keys = append(d.keys, it.Key())
			d.vals = append(d.vals, leafNode(it.Value()))
		}
		n.doc, n.raw = d, bson.RawValue{}
	}
	return n.doc
}

// asArr expands an array node.
func (n *node) asArr() *tarr {
	if n.arr == nil && n.raw.Type == bson.TypeArray {
		a := &tarr{}
		it := bson.Raw(n.raw.Value).Iter()
		for it.Next() {
			a.vals = append(a.vals, leafNode(it.Value()))
		}
		n.arr, n.raw = a, bson.RawValue{}
	}
	return n.arr
}

// value returns the node as an encoded value (encoding expanded parts).
func (n *node) value() bson.RawValue {
	switch {
	case n.doc != nil:
		return valDoc(n.doc.appendTo(nil))
	case n.arr != nil:
		return bson.RawValue{Type: bson.TypeArray, Value: n.arr.appendTo(nil)}
	}
	return n.raw
}

func (n *node) appendElem(dst []byte, key string) []byte {
	switch {
	case n.doc != nil:
		return n.doc.appendTo(bson.AppendHeader(dst, bson.TypeEmbeddedDoc, key))
	case n.arr != nil:
		return n.arr.appendTo(bson.AppendHeader(dst, bson.TypeArray, key))
	}
	return bson.AppendValueElement(dst, key, n.raw)
}

func (d *tdoc) appendTo(dst []byte) []byte {
	dst, start := bson.AppendDocumentStart(dst)
	for i, k := range d.keys {
		dst = d.vals[i].appendElem(dst, k)
	}
	return bson.AppendDocumentEnd(dst, start)
}

func (a *tarr) appendTo(dst []byte) []byte {
	dst, start := bson.AppendDocumentStart(dst)
	for i, v := range a.vals {
		dst = v.appendElem(dst, strconv.Itoa(i))
	}
	return bson.AppendDocumentEnd(dst, start)
}

func (d *tdoc) index(k string) int {
	for i, x := range d.keys {
		if x == k {
			return i
		}
	}
	return -1
}

func (d *tdoc) get(k string) *node {
	if i := d.index(k); i >= 0 {
		return d.vals[i]
	}
	return nil
}

// set replaces the value of k in place or appends k.
func (d *tdoc) set(k string, n *node) {
	if i := d.index(k); i >= 0 {
		d.vals[i] = n
		return
	}
	d.keys = append(d.keys, k)
	d.vals = append(d.vals, n)
}

func (d *tdoc) remove(k string) bool {
	i := d.index(k)
	if i < 0 {
		return false
	}
	d.keys = append(d.keys[:i], d.keys[i+1:]...)
	d.vals = append(d.vals[:i], d.vals[i+1:]...)
	return true
}

// setIndex sets element i, padding with nulls as the server does.
func (a *tarr) setIndex(i int, n *node) {
	for len(a.vals) <= i {
		a.vals = append(a.vals, leafNode(valNull))
	}
	a.vals[i] = n
}

// child returns the child named part of a document or array node, or nil.
func (n *node) child(part string) *node {
	switch n.typ() {
	case bson.TypeEmbeddedDoc:
		return n.asDoc().get(part)
	case bson.TypeArray:
		i, ok := arrayIndex(part)
		a := n.asArr()
		if !ok || i >= len(a.vals) {
			return nil
		}
		return a.vals[i]
	}
	return nil
}

// nodeFromValue copies a value into a fresh node (a leaf; containers expand
// lazily from their bytes).
func nodeFromValue(v bson.RawValue) *node { return leafNode(v) }
