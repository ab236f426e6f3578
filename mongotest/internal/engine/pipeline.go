package engine

import (
	"context"

	"github.com/cwal-go/cwal/bson"
)

// Pipeline is a compiled aggregation pipeline. Stages the engine
// implements run as pure transforms of a document slice; the others (see
// HostStages) are handed to a Host. Safe for concurrent use.
type Pipeline struct {
	stages []stage
	env    *Env
}

// Host runs the stages that need the server: reading other collections,
// writing results, or producing documents from server state.
type Host interface {
	// RunStage runs one stage. in holds the output of the stages before it
	// (for a first stage such as $documents or $collStats, nothing); name is
	// the stage name ("$out") and spec its argument. The returned documents
	// feed the next stage.
	RunStage(ctx context.Context, name string, spec bson.RawValue, in []bson.Raw) ([]bson.Raw, error)
}

// HostStages lists the stage names the engine parses but leaves to a Host.
// Those in firstOnly must be the first stage, $out and $merge the last.
var HostStages = []string{
	"$out", "$merge", "$lookup", "$graphLookup", "$unionWith", "$documents", "$collStats",
	"$indexStats", "$listLocalSessions", "$listSessions", "$changeStream", "$currentOp",
	"$planCacheStats", "$listSearchIndexes", "$search", "$searchMeta", "$vectorSearch",
	"$geoNear", "$changeStreamSplitLargeEvent", "$listCatalog", "$queryStats",
}

var firstOnly = map[string]bool{
	"$documents": true, "$collStats": true, "$indexStats": true, "$listLocalSessions": true,
	"$listSessions": true, "$changeStream": true, "$currentOp": true, "$planCacheStats": true,
	"$listSearchIndexes": true, "$search": true, "$searchMeta": true, "$vectorSearch": true,
	"$geoNear": true, "$listCatalog": true, "$queryStats": true,
}

// stage is one compiled stage.
type stage interface {
	name() string
	run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error)
}

// runCtx is the state of one pipeline run.
type runCtx struct {
	ctx  context.Context
	env  *Env
	host Host
}

// stageParser compiles the argument of one stage.
type stageParser func(env *Env, name string, spec bson.RawValue) (stage, error)

var stageParsers = map[string]stageParser{}

// updatePipelineStages are the stages an update pipeline may use.
var updatePipelineStages = map[string]bool{
	"$addFields": true, "$set": true, "$project": true, "$unset": true,
	"$replaceRoot": true, "$replaceWith": true,
}

// CompilePipeline compiles the stages of an aggregation pipeline. Unknown
// stages fail with code 40324 ("Unrecognized pipeline stage name: '$x'"),
// misplaced ones ($out not last, $documents not first) as on the server.
func CompilePipeline(stages []bson.Raw, env *Env) (*Pipeline, error) {
	env = envOrDefault(env)
	p := &Pipeline{env: env}
	for i, s := range stages {
		st, err := compileStage(env, s, nil)
		if err != nil {
			return nil, err
		}
		if err := checkPlacement(st.name(), i, len(stages)); err != nil {
			return nil, err
		}
		p.stages = append(p.stages, st)
	}
	return p, nil
}

// compilePipeline compiles a pipeline given as an array value, limited to
// the allowed stages when allowed is not nil.
func compilePipeline(spec bson.RawValue, env *Env, allowed map[string]bool) (*Pipeline, error) {
	p := &Pipeline{env: env}
	vals := arrayValues(spec)
	for i, v := range vals {
		d, ok := v.DocumentOK()
		if !ok {
			return nil, errorf(CodeTypeMismatch, "Each element of the 'pipeline' array must be an object")
		}
		st, err := compileStage(env, d, allowed)
		if err != nil {
			return nil, err
		}
		if err := checkPlacement(st.name(), i, len(vals)); err != nil {
			return nil, err
		}
		p.stages = append(p.stages, st)
	}
	return p, nil
}

func compileStage(env *Env, d bson.Raw, allowed map[string]bool) (stage, error) {
	it := d.Iter()
	if !it.Next() {
		return nil, errorf(40323, "A pipeline stage specification object must contain exactly one field.")
	}
	name, spec := it.Key(), it.Value()
	if it.Next() {
		return nil, errorf(40323, "A pipeline stage specification object must contain exactly one field.")
	}
	if allowed != nil && !allowed[name] {
		if stageParsers[name] == nil && !isHostStage(name) {
			return nil, errorf(CodeUnrecognizedStage, "Unrecognized pipeline stage name: '%s'", name)
		}
		return nil, errorf(CodeInvalidOptions, "%s is not allowed to be used within an update", name)
	}
	if p := stageParsers[name]; p != nil {
		return p(env, name, spec)
	}
	if isHostStage(name) {
		return hostStage{stageName: name, spec: spec}, nil
	}
	return nil, errorf(CodeUnrecognizedStage, "Unrecognized pipeline stage name: '%s'", name)
}

func isHostStage(name string) bool {
	for _, s := range HostStages {
		if s == name {
			return true
		}
	}
	return false
}

func checkPlacement(name string, i, n int) error {
	switch {
	case firstOnly[name] && i != 0:
		return errorf(40602, "%s is only valid as the first stage in a pipeline", name)
	case (name == "$out" || name == "$merge") && i != n-1:
		return errorf(40601, "%s can only be the final stage in the pipeline", name)
	}
	return nil
}

// Stages returns the names of the stages in order.
func (p *Pipeline) Stages() []string {
	out := make([]string, len(p.stages))
	for i, s := range p.stages {
		out[i] = s.name()
	}
	return out
}

// Run runs the pipeline over in (a collection's documents in natural order,
// or nothing for a collection-less pipeline). host runs the stages listed in
// HostStages; it may be nil when the pipeline has none. ctx is checked
// between stages and passed to the host.
func (p *Pipeline) Run(ctx context.Context, in []bson.Raw, host Host) ([]bson.Raw, error) {
	rc := &runCtx{ctx: ctx, env: p.env, host: host}
	return p.runWith(rc, in)
}

func (p *Pipeline) run(in []bson.Raw, host Host) ([]bson.Raw, error) {
	return p.Run(context.Background(), in, host)
}

func (p *Pipeline) runWith(rc *runCtx, docs []bson.Raw) ([]bson.Raw, error) {
	var err error
	for _, s := range p.stages {
		if err := rc.ctx.Err(); err != nil {
			return nil, err
		}
		if docs, err = s.run(rc, docs); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// hostStage forwards a stage to the Host.
type hostStage struct {
	stageName string
	spec      bson.RawValue
}

func (s hostStage) name() string { return s.stageName }

func (s hostStage) run(rc *runCtx, in []bson.Raw) ([]bson.Raw, error) {
	if rc.host == nil {
		return nil, errorf(CodeIllegalOperation, "%s is not supported here", s.stageName)
	}
	return rc.host.RunStage(rc.ctx, s.stageName, s.spec, in)
}
