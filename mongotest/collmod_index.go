package mongotest

import (
	"bytes"
	"errors"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// codeCannotConvertIndexToUnique is mongod's error for a collMod unique
// conversion that meets duplicate keys.
const codeCannotConvertIndexToUnique = 359

// collModIndex applies collMod's index option: {keyPattern or name,
// hidden, expireAfterSeconds, prepareUnique, unique: true}. It writes
// mongod's <field>_old/<field>_new reply fields.
func collModIndex(bl *builder, w *store.Writer, opt bson.Raw, ns string) error {
	ix, err := collModTarget(w, opt, ns)
	if err != nil {
		return err
	}
	var ch store.IndexChange
	spec := ix.Spec
	for _, f := range []string{"hidden", "expireAfterSeconds", "prepareUnique"} {
		v := opt.Lookup(f)
		if v.Type == 0 {
			continue
		}
		if f == "hidden" && ix.IsID() {
			return errorf(codeBadValue, "can't hide _id index")
		}
		appendOldNew(bl, f, spec.Lookup(f), v)
		spec = mergeOptions(spec, opt, f)
		if f == "prepareUnique" {
			on := truthy(v)
			ch.PrepareUnique = &on
		}
	}
	if u := opt.Lookup("unique"); u.Type != 0 {
		if !truthy(u) {
			return errorf(codeBadValue, "'Unique: false' option is not supported")
		}
		if !ix.Unique {
			if !ix.PrepareUnique && (ch.PrepareUnique == nil || !*ch.PrepareUnique) {
				return errorf(codeInvalidOptions, "Cannot make index unique with 'unique: true' unless 'prepareUnique' is set first")
			}
			ch.Unique = true
			spec = mergeOptions(spec, opt, "unique")
			bl.bool("unique_new", true)
		}
	}
	ch.Spec = spec
	err = w.ModifyIndex(ix.Name, ch)
	var ce *store.ConversionError
	if errors.As(err, &ce) {
		return conversionError(ce)
	}
	return err
}

// collModTarget finds the index collMod names by keyPattern or name.
func collModTarget(w *store.Writer, opt bson.Raw, ns string) (*store.Index, error) {
	if name, ok := opt.Lookup("name").StringValueOK(); ok {
		if ix, ok := w.Index(name); ok {
			return ix, nil
		}
		return nil, errorf(codeIndexNotFound, "cannot find index %s for ns %s", name, ns)
	}
	kp, ok := opt.Lookup("keyPattern").DocumentOK()
	if !ok {
		return nil, errorf(codeInvalidOptions, "must specify either index name or key pattern")
	}
	for _, ix := range w.Indexes() {
		if bytes.Equal(ix.Key, kp) {
			return ix, nil
		}
	}
	return nil, errorf(codeIndexNotFound, "cannot find index %s for ns %s", formatDoc(kp), ns)
}

// appendOldNew writes <f>_old (when the index had the option) and <f>_new.
func appendOldNew(bl *builder, f string, old, v bson.RawValue) {
	if old.Type != 0 {
		bl.value(f+"_old", old)
	} else if f != "expireAfterSeconds" {
		bl.bool(f+"_old", false)
	}
	bl.value(f+"_new", v)
}

func conversionError(ce *store.ConversionError) *cmdError {
	info := rawDoc(func(bl *builder) {
		bl.startArray("violations")
		for _, ids := range ce.Violations {
			bl.startDoc("").startArray("ids")
			for _, id := range ids {
				bl.value("", id)
			}
			bl.end().end()
		}
		bl.end()
	})
	return &cmdError{Code: codeCannotConvertIndexToUnique, Name: "CannotConvertIndexToUnique", Msg: ce.Error(), Info: info}
}
