package unified

import (
	"context"
	"fmt"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// findSortByID reads outcome collections in _id order.
var findSortByID = client.FindOptions{Sort: bson.D{{Key: "_id", Value: 1}}}

// majority is the write concern of initialData.
var majority = client.Settings{WriteConcern: client.Majority()}

// loadInitialData drops, creates and fills each collection with the
// internal client and write concern majority.
func (r *Runner) loadInitialData(ctx context.Context, data []CollectionData) error {
	for _, cd := range data {
		db := r.internal.Database(cd.DatabaseName, majority)
		ns := cd.DatabaseName + "." + cd.CollectionName
		if err := db.Collection(cd.CollectionName).Drop(ctx); err != nil {
			return fmt.Errorf("drop %s: %w", ns, err)
		}
		cmd := commandDoc("create", cd.CollectionName, cd.CreateOptions, "writeConcern", majorityDoc)
		if err := db.RunCommand(ctx, cmd).Err(); err != nil {
			return fmt.Errorf("create %s: %w", ns, err)
		}
		if len(cd.Documents) == 0 {
			continue
		}
		docs := make([]any, len(cd.Documents))
		for i, d := range cd.Documents {
			docs[i] = d
		}
		if _, err := db.Collection(cd.CollectionName).InsertMany(ctx, docs); err != nil {
			return fmt.Errorf("insert into %s: %w", ns, err)
		}
	}
	return nil
}

var majorityDoc = func() bson.Raw {
	d, _ := bson.Marshal(bson.D{{Key: "w", Value: "majority"}})
	return d
}()

// commandDoc builds {name: value, <elements of extra>, key: doc}; key ""
// adds nothing.
func commandDoc(name, value string, extra bson.Raw, key string, doc bson.Raw) bson.Raw {
	dst, start := bson.AppendDocumentStart(nil)
	dst = bson.AppendStringElement(dst, name, value)
	dst = appendElements(dst, extra)
	if key != "" {
		dst = bson.AppendDocumentElement(dst, key, doc)
	}
	return bson.AppendDocumentEnd(dst, start)
}

// appendElements copies the elements of doc to dst.
func appendElements(dst []byte, doc bson.Raw) []byte {
	if len(doc) == 0 {
		return dst
	}
	it := doc.Iter()
	for it.Next() {
		dst = append(dst, it.Element()...)
	}
	return dst
}

// disableFailPoints turns off every fail point the test set.
func (r *Runner) disableFailPoints(ctx context.Context) error {
	r.mu.Lock()
	fps := r.failPoints
	r.failPoints = nil
	r.mu.Unlock()
	var first error
	for _, fp := range fps {
		cmd := bson.D{{Key: "configureFailPoint", Value: fp.name}, {Key: "mode", Value: "off"}}
		if err := fp.c.Database("admin").RunCommand(ctx, cmd).Err(); err != nil && first == nil {
			first = fmt.Errorf("disable fail point %s: %w", fp.name, err)
		}
	}
	return first
}

// registerTestRunnerOps adds the special test operations that need the
// runner's state.
func (r *Runner) registerTestRunnerOps() {
	t := r.Ops
	t.Register(KindTestRunner, "failPoint", r.opFailPoint)
	t.Register(KindTestRunner, "assertCollectionExists", r.opAssertCollection(true))
	t.Register(KindTestRunner, "assertCollectionNotExists", r.opAssertCollection(false))
	t.Register(KindTestRunner, "assertIndexExists", r.opAssertIndex(true))
	t.Register(KindTestRunner, "assertIndexNotExists", r.opAssertIndex(false))
	t.Register(KindTestRunner, "assertNumberConnectionsCheckedOut", opAssertCheckedOut)
	t.Register(KindTestRunner, "assertSameLsidOnLastTwoCommands", opAssertLsid(true))
	t.Register(KindTestRunner, "assertDifferentLsidOnLastTwoCommands", opAssertLsid(false))
	r.registerSDAMOps()
}

// opFailPoint sets a fail point through the named client and remembers
// it for cleanup.
func (r *Runner) opFailPoint(ctx context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	ce, err := Lookup[*clientEntity](ents, args.Lookup("client").StringValue(), KindClient)
	if err != nil {
		return Result{}, err
	}
	fp, ok := args.Lookup("failPoint").DocumentOK()
	if !ok {
		return Result{}, fmt.Errorf("failPoint: missing failPoint document")
	}
	if err := ce.c.Database("admin").RunCommand(ctx, fp).Err(); err != nil {
		return Result{}, fmt.Errorf("failPoint: %w", err)
	}
	r.mu.Lock()
	r.failPoints = append(r.failPoints, failPointRef{c: ce.c, name: fp.Lookup("configureFailPoint").StringValue()})
	r.mu.Unlock()
	return Result{}, nil
}

func (r *Runner) opAssertCollection(exists bool) OpFunc {
	return func(ctx context.Context, _ *EntityMap, _ string, args bson.Raw) (Result, error) {
		db, name := args.Lookup("databaseName").StringValue(), args.Lookup("collectionName").StringValue()
		names, err := r.internal.Database(db).ListCollectionNames(ctx, nil)
		if err != nil {
			return Result{}, err
		}
		return Result{}, checkPresence("collection "+db+"."+name, contains(names, name), exists)
	}
}

func (r *Runner) opAssertIndex(exists bool) OpFunc {
	return func(ctx context.Context, _ *EntityMap, _ string, args bson.Raw) (Result, error) {
		db, coll := args.Lookup("databaseName").StringValue(), args.Lookup("collectionName").StringValue()
		idx := args.Lookup("indexName").StringValue()
		names, err := r.internal.Database(db).Collection(coll).Indexes().ListNames(ctx)
		if err != nil && exists {
			return Result{}, err
		}
		return Result{}, checkPresence("index "+idx+" on "+db+"."+coll, contains(names, idx), exists)
	}
}

func opAssertCheckedOut(_ context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
	ce, err := Lookup[*clientEntity](ents, args.Lookup("client").StringValue(), KindClient)
	if err != nil {
		return Result{}, err
	}
	want, ok := args.Lookup("connections").AsInt64OK()
	if !ok {
		return Result{}, fmt.Errorf("assertNumberConnectionsCheckedOut: missing connections")
	}
	if got := ce.rec.CheckedOut(); int64(got) != want {
		return Result{}, fmt.Errorf("assertNumberConnectionsCheckedOut: %d checked out, want %d", got, want)
	}
	return Result{}, nil
}

func checkPresence(what string, found, want bool) error {
	switch {
	case found && !want:
		return fmt.Errorf("%s exists", what)
	case !found && want:
		return fmt.Errorf("%s does not exist", what)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// opAssertLsid compares the lsid of the last two command started events
// the client recorded.
func opAssertLsid(same bool) OpFunc {
	return func(_ context.Context, ents *EntityMap, _ string, args bson.Raw) (Result, error) {
		ce, err := Lookup[*clientEntity](ents, args.Lookup("client").StringValue(), KindClient)
		if err != nil {
			return Result{}, err
		}
		var lsids []bson.RawValue
		for _, ev := range ce.rec.Events() {
			if c, ok := ev.(*CommandEvent); ok && c.Name == "commandStartedEvent" {
				lsids = append(lsids, c.Command.Lookup("lsid"))
			}
		}
		if len(lsids) < 2 {
			return Result{}, fmt.Errorf("fewer than two command started events recorded")
		}
		a, b := lsids[len(lsids)-2], lsids[len(lsids)-1]
		if a.IsZero() || b.IsZero() {
			return Result{}, fmt.Errorf("a command was sent without lsid")
		}
		if a.Equal(b) != same {
			return Result{}, fmt.Errorf("lsids %s and %s: want same=%v", a, b, same)
		}
		return Result{}, nil
	}
}
