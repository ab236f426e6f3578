package bson

import (
	"reflect"
	"strings"
)

// structTag is a parsed `bson:"name,opt,…"` tag.
type structTag struct {
	name      string
	skip      bool
	omitEmpty bool
	omitZero  bool
	minSize   bool
	truncate  bool
	inline    bool
}

// parseTag reads the bson tag of sf. Without one the key is the field name
// in lower case, as in the official driver, which also accepts a bare tag
// with no colon (`bson` key omitted) as the bson tag.
func parseTag(sf reflect.StructField) structTag {
	st := structTag{name: strings.ToLower(sf.Name)}
	tag, ok := sf.Tag.Lookup("bson")
	if !ok && len(sf.Tag) > 0 && !strings.Contains(string(sf.Tag), ":") {
		tag = string(sf.Tag)
	}
	if tag == "-" {
		st.skip = true
		return st
	}
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		st.name = name
	}
	// Like the official driver, the name part is matched against the
	// options too: `bson:"inline"` names the key "inline" and inlines.
	for opts := tag; opts != ""; {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		switch o {
		case "omitempty":
			st.omitEmpty = true
		case "omitzero":
			st.omitZero = true
		case "minsize":
			st.minSize = true
		case "truncate":
			st.truncate = true
		case "inline":
			st.inline = true
		}
	}
	return st
}
