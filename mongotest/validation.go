package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// codeDocumentValidationFailure is mongod's code for a document its
// collection's validator refuses.
const codeDocumentValidationFailure = 121

// validator enforces a collection's validator for one write command.
type validator struct {
	filter *engine.Filter
	level  string // strict or moderate
	warn   bool   // validationAction "warn": log, do not refuse
	s      *Server
}

// newValidator compiles the validator of the collection w writes, or
// returns nil when none applies: no validator, validationLevel "off",
// bypassDocumentValidation, or a validator the engine cannot evaluate
// (such as $jsonSchema), which is then not enforced.
func newValidator(s *Server, w *store.Writer, bypass bool) *validator {
	if w == nil || bypass {
		return nil
	}
	opts := w.Options().Raw
	spec, ok := opts.Lookup("validator").DocumentOK()
	if !ok || len(spec) <= 5 {
		return nil
	}
	level := opts.Lookup("validationLevel").StringValue()
	if level == "off" {
		return nil
	}
	f, err := engine.CompileFilter(spec, nil)
	if err != nil {
		s.log.Debug("validator not enforced", "err", err)
		return nil
	}
	return &validator{filter: f, level: level, s: s,
		warn: opts.Lookup("validationAction").StringValue() == "warn"}
}

// check refuses doc when it fails the validator. old is the document an
// update replaces (nil for inserts); with validationLevel "moderate" an
// update of an already invalid document is allowed.
func (v *validator) check(doc, old bson.Raw) error {
	if v == nil {
		return nil
	}
	if ok, err := v.filter.Match(doc); err != nil || ok {
		return err
	}
	if v.level == "moderate" && old != nil {
		if ok, _ := v.filter.Match(old); !ok {
			return nil
		}
	}
	if v.warn {
		v.s.log.Warn("document failed validation", "id", doc.Lookup("_id").String())
		return nil
	}
	return &cmdError{Code: codeDocumentValidationFailure, Msg: "Document failed validation",
		Info: rawDoc(func(bl *builder) {
			bl.startDoc("errInfo").value("failingDocumentId", doc.Lookup("_id")).startDoc("details").end().end()
		})}
}

// bypassArg reads bypassDocumentValidation.
func bypassArg(r *request) bool {
	b, _ := boolArg(r, "bypassDocumentValidation")
	return b
}
