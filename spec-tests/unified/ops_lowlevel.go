package unified

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/operation"
)

// registerClientFeatureOps registers the operations the client offers no
// helper for (the deprecated count, modifyCollection), the search index
// helpers and the run-command cursors.
func registerClientFeatureOps(t OpTable) {
	t.Register(KindCollection, "count", collOp(prepareDeprecatedCount))
	t.Register(KindDatabase, "modifyCollection", dbOp(prepareModifyCollection))
	registerSearchIndexOps(t)
	registerCommandCursorOps(t)
}

// prepareDeprecatedCount runs the deprecated count command through the
// stable low-level API (operation.Count on Client.Deployment), which is
// how an application keeps using a command the client does not wrap.
func prepareDeprecatedCount(c *client.Collection, a *args) runFunc {
	cmd := &operation.Count{DB: c.Database().Name(), Collection: c.Name(), Query: a.doc("filter")}
	if cmd.Query == nil {
		cmd.Query = emptyDocument
	}
	cmd.Options = operation.CountOptions{
		Limit: a.int64("limit"), Skip: a.int64("skip"), Hint: a.val("hint"),
		Collation: a.doc("collation"), Comment: a.val("comment"), MaxTime: a.ms("maxTimeMS"),
	}
	return func(ctx context.Context) (Result, error) {
		dep := c.Database().Client().Deployment()
		if err := operation.Execute(ctx, dep, cmd, c.ReadExecOptions()); err != nil {
			return Result{}, err
		}
		return int64Result(cmd.Result), nil
	}
}

// emptyDocument is {}.
var emptyDocument = bson.Raw{5, 0, 0, 0, 0}

// prepareModifyCollection sends collMod with every argument but
// collection as given, through RunCommand: the client has no helper for
// it (the CRUD and collection management specifications do not define
// one).
func prepareModifyCollection(db *client.Database, a *args) runFunc {
	a.require("collection")
	b, start := bson.AppendDocumentStart(nil)
	b = bson.AppendStringElement(b, "collMod", a.str("collection"))
	it := a.raw.Iter()
	for it.Next() {
		if k := it.Key(); k != "collection" {
			b = bson.AppendValueElement(b, k, a.val(k))
		}
	}
	cmd := bson.Raw(bson.AppendDocumentEnd(b, start))
	return func(ctx context.Context) (Result, error) {
		reply, err := db.RunCommand(ctx, cmd).Raw()
		if err != nil {
			return Result{}, err
		}
		return Result{Value: rawDoc(append(bson.Raw(nil), reply...))}, nil
	}
}

// serverAPIOf translates a client entity's serverApi.
func serverAPIOf(s *ServerAPI) client.ServerAPIOptions {
	o := client.ServerAPIOptions{Version: s.Version}
	if s.Strict != nil {
		o.Strict = client.Some(*s.Strict)
	}
	if s.DeprecationErrors != nil {
		o.DeprecationErrors = client.Some(*s.DeprecationErrors)
	}
	return o
}
