package mongotest

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/engine"
)

// checkUpdatePipelines fails the whole update command when a statement's
// pipeline names a stage that does not exist. mongod parses every update
// pipeline while it checks the command's authorization, before any
// statement runs, so this is a command error, not a write error; a known
// stage that an update may not use is still a write error.
func checkUpdatePipelines(stmts []bson.Raw) error {
	for _, st := range stmts {
		u, ok := st.Lookup("u").ArrayOK()
		if !ok {
			continue
		}
		it := bson.Raw(u).Iter()
		for it.Next() {
			d, ok := it.Value().DocumentOK()
			if !ok {
				continue
			}
			if name := firstKey(d); len(name) == 1 && !engine.KnownStage(name[0]) {
				return errorf(engine.CodeUnrecognizedStage, "Unrecognized pipeline stage name: '%s'", name[0])
			}
		}
	}
	return nil
}
