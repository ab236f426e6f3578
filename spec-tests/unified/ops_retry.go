package unified

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// registerRetryOps adds the operations the retryable reads suite names
// that the client has no helper for. listDatabaseObjects and
// listCollectionObjects are, for a driver without separate model types,
// listDatabases and listCollections.
func registerRetryOps(t OpTable) {
	t.Register(KindClient, "listDatabaseObjects", clientOp(prepareListDatabases(false)))
	t.Register(KindDatabase, "listCollectionObjects", dbOp(prepareListCollections(false)))
	t.Register(KindCollection, "mapReduce", collOp(prepareMapReduce))
}

// mapReduceArgs are the arguments of mapReduce copied into the command
// in this order.
var mapReduceArgs = []string{"map", "reduce", "out", "query", "sort", "limit", "finalize", "scope",
	"jsMode", "verbose", "bypassDocumentValidation", "collation", "comment"}

// prepareMapReduce runs mapReduce (deprecated; the client has no helper)
// as a plain command, which, like the mapReduce helper of the
// specifications, is never retried. The result is the inline results.
func prepareMapReduce(c *client.Collection, a *args) runFunc {
	dst, start := bson.AppendDocumentStart(nil)
	dst = bson.AppendStringElement(dst, "mapReduce", c.Name())
	for _, k := range mapReduceArgs {
		if v := a.val(k); !v.IsZero() {
			dst = bson.AppendValueElement(dst, k, v)
		}
	}
	cmd := bson.Raw(bson.AppendDocumentEnd(dst, start))
	return func(ctx context.Context) (Result, error) {
		reply, err := c.Database().RunCommand(ctx, cmd).Raw()
		if err != nil {
			return Result{}, err
		}
		res := Result{Value: reply.Lookup("results")}
		res.RootElements = res.Value.Type == bson.TypeArray
		return res, nil
	}
}
