package crosscheck

import (
	"context"
	"fmt"
	"testing"
	"time"

	cbson "github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
	obson "go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// The driver benchmarking spec's single- and multi-document tasks, for
// cwal and the official driver in one run against one mongotest server.
// The server runs in its own process (cmd/mongotest, built on the fly) so
// that B/op and allocs/op count the driver's allocations only;
// BENCH_MONGODB_URI points the benchmark at another server instead.
// One benchmark iteration is one of the spec's operations (one command,
// one find, one insert, one whole cursor, one insertMany), and b.SetBytes
// is the spec's dataset size per operation, so MB/s is the spec's score
// unit. Documents are read as raw BSON by both drivers, so that the
// figures measure the driver, not the decoder.

const benchDataDir = "benchmarking/data/single_and_multi_document/"

// benchDoc is a dataset file loaded as each driver's ordered document
// type, with the file's size.
type benchDoc struct {
	cwal     cbson.D
	official obson.D
	size     int
}

func loadBenchDoc(tb testing.TB, file string) benchDoc {
	tb.Helper()
	js := readSpecFile(tb, benchDataDir+file)
	d := benchDoc{size: len(js)}
	if err := obson.UnmarshalExtJSON(js, false, &d.official); err != nil {
		tb.Fatalf("official driver cannot parse %s: %v", file, err)
	}
	if err := cbson.UnmarshalExtJSON(js, false, &d.cwal); err != nil {
		tb.Fatalf("cwal cannot parse %s: %v", file, err)
	}
	return d
}

// benchPair is the two drivers connected to the same server.
type benchPair struct {
	cwal     *client.Client
	official *mongo.Client
}

func newBenchPair(b *testing.B) *benchPair {
	b.Helper()
	uri := benchServerURI(b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Connect(ctx, uri)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Disconnect(context.Background()) })
	if err := c.Ping(ctx); err != nil {
		b.Fatal(err)
	}
	o := connectOfficial(b, uri)
	if err := o.Ping(ctx, nil); err != nil {
		b.Fatal(err)
	}
	return &benchPair{cwal: c, official: o}
}

// benchTask is one task for each driver: setup before the timer starts,
// op timed per iteration, reset run with the timer stopped every
// resetEvery iterations (to bound the server's memory).
type benchTask struct {
	name       string
	bytes      func() int64
	resetEvery int
	cwal       func(ctx context.Context, i int) error
	official   func(ctx context.Context, i int) error
	reset      func(ctx context.Context) error
}

func runBenchTask(b *testing.B, t benchTask) {
	b.Run(t.name, func(b *testing.B) {
		for _, drv := range []struct {
			name string
			op   func(context.Context, int) error
		}{{"cwal", t.cwal}, {"official", t.official}} {
			b.Run(drv.name, func(b *testing.B) {
				ctx := context.Background()
				if err := t.reset(ctx); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(t.bytes())
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if t.resetEvery > 0 && i > 0 && i%t.resetEvery == 0 {
						b.StopTimer()
						if err := t.reset(ctx); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
					}
					if err := drv.op(ctx, i); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

// BenchmarkClient runs the single- and multi-document tasks.
func BenchmarkClient(b *testing.B) {
	p := newBenchPair(b)
	for _, t := range p.specTasks(b) {
		runBenchTask(b, t)
	}
}

// specTasks are the spec's single- and multi-document tasks, in its order.
func (p *benchPair) specTasks(b *testing.B) []benchTask {
	tweet := loadBenchDoc(b, "tweet.json")
	small := loadBenchDoc(b, "small_doc.json")
	large := loadBenchDoc(b, "large_doc.json")
	return []benchTask{
		p.runCommandTask(),
		p.findOneTask(b, tweet),
		p.insertOneTask("SmallDocInsertOne", small, 10_000),
		p.insertOneTask("LargeDocInsertOne", large, 10),
		p.findManyTask(b, tweet),
		p.bulkInsertTask("SmallDocBulkInsert", small, 10_000),
		p.bulkInsertTask("LargeDocBulkInsert", large, 10),
	}
}

func (p *benchPair) cwalColl() *client.Collection {
	return p.cwal.Database("perftest").Collection("corpus")
}

func (p *benchPair) officialColl() *mongo.Collection {
	return p.official.Database("perftest").Collection("corpus")
}

// dropAndCreate empties the corpus collection (spec "before task").
func (p *benchPair) dropAndCreate(ctx context.Context) error {
	db := p.cwal.Database("perftest")
	if err := db.Collection("corpus").Drop(ctx); err != nil {
		return err
	}
	return db.CreateCollection(ctx, "corpus")
}

func (p *benchPair) runCommandTask() benchTask {
	cdb, odb := p.cwal.Database("admin"), p.official.Database("admin")
	ccmd, ocmd := cbson.D{{Key: "hello", Value: true}}, obson.D{{Key: "hello", Value: true}}
	return benchTask{
		name:  "RunCommand",
		bytes: func() int64 { return 13 }, // the spec's size of {hello: true}
		cwal: func(ctx context.Context, _ int) error {
			_, err := cdb.RunCommand(ctx, ccmd).Raw()
			return err
		},
		official: func(ctx context.Context, _ int) error {
			_, err := odb.RunCommand(ctx, ocmd).Raw()
			return err
		},
		reset: func(context.Context) error { return nil },
	}
}

// seedTweets inserts the tweet 10,000 times with _id 1 to 10,000.
func (p *benchPair) seedTweets(b *testing.B, tweet benchDoc) {
	b.Helper()
	ctx := context.Background()
	if err := p.dropAndCreate(ctx); err != nil {
		b.Fatal(err)
	}
	docs := make([]any, 10_000)
	for i := range docs {
		docs[i] = append(cbson.D{{Key: "_id", Value: int32(i + 1)}}, tweet.cwal...)
	}
	if _, err := p.cwalColl().InsertMany(ctx, docs); err != nil {
		b.Fatal(err)
	}
}

func (p *benchPair) findOneTask(b *testing.B, tweet benchDoc) benchTask {
	cc, oc := p.cwalColl(), p.officialColl()
	return benchTask{
		name:  "FindOneByID",
		bytes: func() int64 { return int64(tweet.size) },
		cwal: func(ctx context.Context, i int) error {
			_, err := cc.FindOne(ctx, cbson.D{{Key: "_id", Value: int32(i%10_000 + 1)}}).Raw()
			return err
		},
		official: func(ctx context.Context, i int) error {
			_, err := oc.FindOne(ctx, obson.D{{Key: "_id", Value: int32(i%10_000 + 1)}}).Raw()
			return err
		},
		reset: func(context.Context) error { p.seedTweets(b, tweet); return nil },
	}
}

func (p *benchPair) insertOneTask(name string, doc benchDoc, resetEvery int) benchTask {
	cc, oc := p.cwalColl(), p.officialColl()
	return benchTask{
		name:       name,
		bytes:      func() int64 { return int64(doc.size) },
		resetEvery: resetEvery,
		cwal: func(ctx context.Context, _ int) error {
			_, err := cc.InsertOne(ctx, doc.cwal)
			return err
		},
		official: func(ctx context.Context, _ int) error {
			_, err := oc.InsertOne(ctx, doc.official)
			return err
		},
		reset: p.dropAndCreate,
	}
}

func (p *benchPair) findManyTask(b *testing.B, tweet benchDoc) benchTask {
	cc, oc := p.cwalColl(), p.officialColl()
	return benchTask{
		name:  "FindManyAndEmptyCursor",
		bytes: func() int64 { return int64(tweet.size) * 10_000 },
		cwal: func(ctx context.Context, _ int) error {
			cur, err := cc.Find(ctx, nil)
			if err != nil {
				return err
			}
			n := 0
			for cur.Next(ctx) {
				n++
			}
			return countErr(n, cur.Err())
		},
		official: func(ctx context.Context, _ int) error {
			cur, err := oc.Find(ctx, obson.D{})
			if err != nil {
				return err
			}
			defer cur.Close(ctx)
			n := 0
			for cur.Next(ctx) {
				n++
			}
			return countErr(n, cur.Err())
		},
		reset: func(context.Context) error { p.seedTweets(b, tweet); return nil },
	}
}

func countErr(n int, err error) error {
	if err == nil && n != 10_000 {
		err = fmt.Errorf("read %d documents, want 10000", n)
	}
	return err
}

func (p *benchPair) bulkInsertTask(name string, doc benchDoc, count int) benchTask {
	cc, oc := p.cwalColl(), p.officialColl()
	return benchTask{
		name:       name,
		bytes:      func() int64 { return int64(doc.size) * int64(count) },
		resetEvery: 1,
		cwal: func(ctx context.Context, _ int) error {
			docs := make([]any, count)
			for i := range docs {
				docs[i] = doc.cwal
			}
			_, err := cc.InsertMany(ctx, docs)
			return err
		},
		official: func(ctx context.Context, _ int) error {
			docs := make([]any, count)
			for i := range docs {
				docs[i] = doc.official
			}
			_, err := oc.InsertMany(ctx, docs)
			return err
		},
		reset: p.dropAndCreate,
	}
}
