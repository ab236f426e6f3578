package engine

import (
	"github.com/cwal-go/cwal/bson"
)

// UpdateKind says which of the three update forms an Update is.
type UpdateKind int

const (
	UpdateOperators   UpdateKind = iota // {$set: ..., $inc: ...}
	UpdateReplacement                   // a whole new document
	UpdatePipeline                      // [{$set: ...}, {$unset: ...}]
)

// Update is a compiled update document, replacement or update pipeline.
// Safe for concurrent use.
type Update struct {
	kind    UpdateKind
	root    *unode    // operators
	repl    bson.Raw  // replacement
	pipe    *Pipeline // pipeline
	filters map[string]*Filter
	env     *Env
	spec    bson.RawValue
	idPaths []string // operator paths that start at _id, for messages
	usedIDs map[string]bool
}

// UpdateOptions are the parts of an update statement besides u itself.
type UpdateOptions struct {
	ArrayFilters []bson.Raw // the arrayFilters option
	Env          *Env       // let variables, collation, $$NOW; nil for defaults
}

// CompileUpdate compiles the u of an update statement: a document of update
// operators, a replacement document, or an array of pipeline stages
// ($addFields/$set, $project/$unset, $replaceRoot/$replaceWith). An empty
// document is a replacement by an empty document, as on the server.
func CompileUpdate(u bson.RawValue, opts UpdateOptions) (*Update, error) {
	env := envOrDefault(opts.Env)
	up := &Update{env: env, spec: u}
	switch u.Type {
	case bson.TypeArray:
		if len(opts.ArrayFilters) > 0 {
			return nil, failedToParse("arrayFilters may not be specified for pipeline-style updates")
		}
		return up, up.compilePipeline(u)
	case bson.TypeEmbeddedDoc:
	default:
		return nil, failedToParse("Update argument must be either an object or an array")
	}
	d := bson.Raw(u.Value)
	if !isOperatorDoc(d) {
		if len(opts.ArrayFilters) > 0 {
			return nil, failedToParse("arrayFilters may not be specified for replacement-style updates")
		}
		up.kind = UpdateReplacement
		return up, validateReplacement(d)
	}
	if err := up.parseArrayFilters(opts.ArrayFilters); err != nil {
		return nil, err
	}
	if err := up.parseOperators(d); err != nil {
		return nil, err
	}
	return up, up.checkFiltersUsed()
}

// Kind reports the form of the update.
func (u *Update) Kind() UpdateKind { return u.kind }

// Apply applies the update to doc. pos is the array position the query
// matched (Filter.MatchPos) for the positional $ operator, or -1. It
// returns the new document and whether it differs from doc, which is what
// nModified counts.
func (u *Update) Apply(doc bson.Raw, pos int) (bson.Raw, bool, error) {
	out, err := u.apply(doc, pos, false)
	if err != nil {
		return nil, false, err
	}
	return out, string(out) != string(doc), nil
}

func (u *Update) apply(doc bson.Raw, pos int, insert bool) (bson.Raw, error) {
	switch u.kind {
	case UpdateReplacement:
		return u.applyReplacement(doc, insert)
	case UpdatePipeline:
		return u.applyPipeline(doc, insert)
	}
	return u.applyOperators(doc, pos, insert)
}

func (u *Update) compilePipeline(spec bson.RawValue) error {
	u.kind = UpdatePipeline
	p, err := compilePipeline(spec, u.env, updatePipelineStages)
	if err != nil {
		return err
	}
	u.pipe = p
	return nil
}
