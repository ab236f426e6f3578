package mongotest

import (
	"strings"

	"github.com/cwal-go/cwal/bson"
)

// collName reads the collection name a command's first field names and
// checks it as mongod does.
func collName(r *request) (string, error) {
	v := r.arg(r.name)
	name, ok := v.StringValueOK()
	if !ok {
		return "", errorf(codeInvalidNamespace, "collection name has invalid type %s", typeAlias(v.Type))
	}
	return name, checkNS(r.db, name)
}

// checkNS validates a database and collection name.
func checkNS(db, coll string) error {
	if err := checkDBName(db); err != nil {
		return err
	}
	if coll == "" || strings.ContainsRune(coll, 0) || (strings.ContainsRune(coll, '$') && !strings.HasPrefix(coll, "$cmd")) {
		return errorf(codeInvalidNamespace, "Invalid namespace specified '%s.%s'", db, coll)
	}
	if len(db)+1+len(coll) > 255 {
		return errorf(codeInvalidNamespace, "Fully qualified namespace is too long. Namespace: %s.%s Max: 255", db, coll)
	}
	return nil
}

func checkDBName(db string) error {
	if db == "" || len(db) >= 64 || strings.ContainsAny(db, "/\\. \"$\x00") {
		return errorf(codeInvalidNamespace, "Invalid database name: '%s'", db)
	}
	return nil
}

// splitNS splits "db.coll" at the first dot.
func splitNS(ns string) (db, coll string, ok bool) {
	return strings.Cut(ns, ".")
}

// int64Arg reads an optional numeric argument; def when absent.
func int64Arg(r *request, name string, def int64) (int64, error) {
	v := r.arg(name)
	if v.Type == 0 || v.Type == bson.TypeNull {
		return def, nil
	}
	n, ok := v.AsInt64OK()
	if !ok {
		if f, isF := v.AsFloat64OK(); isF {
			return int64(f), nil
		}
		return 0, typeMismatch(r.name, name, v, "long")
	}
	return n, nil
}

// boolArg reads an optional boolean argument, accepting numbers as mongod does.
func boolArg(r *request, name string) (bool, error) {
	v := r.arg(name)
	switch v.Type {
	case 0, bson.TypeNull:
		return false, nil
	case bson.TypeBoolean:
		return v.Boolean(), nil
	}
	if f, ok := v.AsFloat64OK(); ok {
		return f != 0, nil
	}
	if v.Type == bson.TypeDecimal128 {
		return !v.Decimal128().IsZero(), nil
	}
	return false, typeMismatch(r.name, name, v, "bool")
}

// docArg reads an optional document argument.
func docArg(r *request, name string) (bson.Raw, bool, error) {
	v := r.arg(name)
	if v.Type == 0 {
		return nil, false, nil
	}
	d, ok := v.DocumentOK()
	if !ok {
		return nil, true, typeMismatch(r.name, name, v, "object")
	}
	return d, true, nil
}
