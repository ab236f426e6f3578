package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

const (
	codeCommandNotSupportedOnView = 166
	codeViewDepthLimitExceeded    = 149
	maxViewDepth                  = 20
)

// viewDef returns the definition of db.name when it is a view.
func (s *Server) viewDef(db, name string) (store.Options, bool) {
	c, ok := s.cat.Collection(db, name)
	if !ok {
		return store.Options{}, false
	}
	var o store.Options
	c.Read(func(rd *store.Reader) { o = rd.Options() })
	return o, o.ViewOn != ""
}

// viewDocs returns the documents a view presents: its source's documents,
// resolved recursively through views on views, run through its pipeline.
func (r *request) viewDocs(db string, def store.Options, depth int) ([]bson.Raw, error) {
	if depth >= maxViewDepth {
		return nil, errorf(codeViewDepthLimitExceeded, "View depth too deep or view cycle detected; maximum depth is %d", maxViewDepth)
	}
	var in []bson.Raw
	if src, ok := r.c.srv.viewDef(db, def.ViewOn); ok {
		var err error
		if in, err = r.viewDocs(db, src, depth+1); err != nil {
			return nil, err
		}
	} else {
		in = r.c.srv.collDocs(db, def.ViewOn)
	}
	stages, err := stageDocs("pipeline", bson.RawValue{Type: bson.TypeArray, Value: def.Pipeline})
	if err != nil {
		return nil, err
	}
	env := engine.NewEnv()
	env.DB = db
	p, err := engine.CompilePipeline(stages, env)
	if err != nil {
		return nil, err
	}
	return p.Run(r.ctx, in, &aggHost{r: r, env: env})
}

// viewHits evaluates a filter over a view's documents for the read
// commands; ok is false when name is not a view.
func (r *request) viewHits(name string, f *engine.Filter) (hits []hit, ok bool, err error) {
	def, isView := r.c.srv.viewDef(r.db, name)
	if !isView {
		return nil, false, nil
	}
	docs, err := r.viewDocs(r.db, def, 0)
	if err != nil {
		return nil, true, err
	}
	for _, d := range docs {
		m, pos, err := f.MatchPos(d)
		if err != nil {
			return nil, true, err
		}
		if m {
			hits = append(hits, hit{store.Record{Doc: d}, pos})
		}
	}
	return hits, true, nil
}

// viewOptions reads create's viewOn and pipeline.
func viewOptions(r *request, o *store.Options) error {
	v := r.arg("viewOn")
	src, ok := v.StringValueOK()
	if !ok {
		return typeMismatch(r.name, "viewOn", v, "string")
	}
	if err := checkNS(r.db, src); err != nil {
		return err
	}
	p := r.arg("pipeline")
	if p.Type == 0 {
		p = bson.RawValue{Type: bson.TypeArray, Value: emptyDoc}
	}
	stages, err := stageDocs("create.pipeline", p)
	if err != nil {
		return err
	}
	if _, err := engine.CompilePipeline(stages, nil); err != nil {
		return err
	}
	o.ViewOn, o.Pipeline = src, bson.Raw(p.Value)
	return nil
}

// notOnView is the error of a write or index command on a view.
func notOnView(ns string) error {
	return errorf(codeCommandNotSupportedOnView, "Namespace %s is a view, not a collection", ns)
}

// refuseView fails a write command aimed at a view, before any statement runs.
func (r *request) refuseView(db, name string) error {
	if _, isView := r.c.srv.viewDef(db, name); isView {
		return notOnView(db + "." + name)
	}
	return nil
}
