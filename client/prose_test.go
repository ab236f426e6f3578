package client_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/operation"
)

// limits returns the server's maxBsonObjectSize, maxMessageSizeBytes and
// maxWriteBatchSize.
func limits(t *testing.T, e *env) (int, int, int) {
	t.Helper()
	hello, err := e.client.Database("admin").RunCommand(ctxT(t), bson.D{{Key: "hello", Value: 1}}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	return int(hello.Lookup("maxBsonObjectSize").Int32()), int(hello.Lookup("maxMessageSizeBytes").Int32()), int(hello.Lookup("maxWriteBatchSize").Int32())
}

// CRUD prose 3: InsertMany splits at maxWriteBatchSize.
func TestProseSplitByMaxWriteBatchSize(t *testing.T) {
	if testing.Short() {
		t.Skip("inserts maxWriteBatchSize+1 documents")
	}
	e := newEnv(t)
	_, _, maxCount := limits(t, e)
	e.rec.reset()
	docs := make([]any, maxCount+1)
	for i := range docs {
		docs[i] = bson.D{{Key: "a", Value: "b"}}
	}
	if _, err := e.coll.InsertMany(ctxT(t), docs); err != nil {
		t.Fatal(err)
	}
	cmds := e.rec.commands("insert")
	if len(cmds) != 2 || cmds[0].Lookup("documents").Array().Len() != maxCount || cmds[1].Lookup("documents").Array().Len() != 1 {
		t.Fatalf("%d insert commands", len(cmds))
	}
}

// CRUD prose 4 (for InsertMany): a batch stops short of maxMessageSizeBytes.
func TestProseSplitByMaxMessageSize(t *testing.T) {
	if testing.Short() {
		t.Skip("inserts about 64 MB")
	}
	e := newEnv(t)
	maxDoc, maxMsg, _ := limits(t, e)
	e.rec.reset()
	n := maxMsg/maxDoc + 1 // as CRUD prose test 4 computes numModels
	big := strings.Repeat("b", maxDoc-500)
	docs := make([]any, n)
	for i := range docs {
		docs[i] = bson.D{{Key: "a", Value: big}}
	}
	if _, err := e.coll.InsertMany(ctxT(t), docs); err != nil {
		t.Fatal(err)
	}
	cmds := e.rec.commands("insert")
	if len(cmds) != 2 || cmds[0].Lookup("documents").Array().Len() != n-1 || cmds[1].Lookup("documents").Array().Len() != 1 {
		t.Fatalf("%d insert commands for %d documents: %d, %d", len(cmds), n, cmds[0].Lookup("documents").Array().Len(), cmds[len(cmds)-1].Lookup("documents").Array().Len())
	}
}

// CRUD prose 1: WriteConcernError.details is errInfo.
func TestProseWriteConcernErrorDetails(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	fp := ext(t, `{"configureFailPoint": "failCommand", "mode": {"times": 1}, "data": {"failCommands": ["insert"],
		"writeConcernError": {"code": 100, "codeName": "UnsatisfiableWriteConcern", "errmsg": "Not enough data-bearing nodes",
		"errInfo": {"writeConcern": {"w": 2, "wtimeout": 0, "provenance": "clientSupplied"}}}}}`)
	if err := e.client.Database("admin").RunCommand(ctx, fp).Err(); err != nil {
		t.Fatal(err)
	}
	_, err := e.coll.InsertOne(ctx, bson.D{{Key: "x", Value: 1}})
	var we *client.WriteException
	if !errors.As(err, &we) || we.WriteConcernError == nil {
		t.Fatalf("want a write concern error, got %v", err)
	}
	if got := we.WriteConcernError.Details.Lookup("writeConcern", "w").Int32(); got != 2 {
		t.Fatalf("details %s", we.WriteConcernError.Details)
	}
}

// CRUD prose 2: WriteError.details is errInfo of a validation failure.
func TestProseWriteErrorDetails(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	err := e.db.CreateCollection(ctx, e.coll.Name(), client.CreateCollectionOptions{Validator: ext(t, `{"x": {"$type": "string"}}`)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.coll.InsertOne(ctx, bson.D{{Key: "x", Value: 1}})
	var we *client.WriteError
	if !errors.As(err, &we) || we.Code != 121 || we.Details == nil {
		t.Fatalf("want a validation write error with details, got %v", err)
	}
}

// Unacknowledged writes: a document too large fails before anything is
// sent; an acceptable one is sent with moreToCome and reports
// Acknowledged false.
func TestUnacknowledgedWrites(t *testing.T) {
	e := newEnv(t)
	ctx := ctxT(t)
	maxDoc, _, _ := limits(t, e)
	coll := e.db.Collection(e.coll.Name(), client.Settings{WriteConcern: client.Unacknowledged()})
	e.rec.reset()
	_, err := coll.InsertOne(ctx, bson.D{{Key: "a", Value: strings.Repeat("b", maxDoc)}})
	if !errors.Is(err, operation.ErrDocumentTooLarge) || len(e.rec.commands("insert")) != 0 {
		t.Fatalf("too large unacknowledged insert: %v, %d sent", err, len(e.rec.commands("insert")))
	}
	res, err := coll.InsertOne(ctx, bson.D{{Key: "a", Value: 1}})
	if err != nil || res.Acknowledged {
		t.Fatalf("unacknowledged insert: %+v %v", res, err)
	}
	if w := e.rec.lastCommand(t, "insert").Lookup("writeConcern", "w").Int32(); w != 0 {
		t.Fatalf("writeConcern.w %d", w)
	}
}
