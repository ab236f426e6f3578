package operation_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/operation"
	"github.com/cwal-go/cwal/topology"
	"github.com/cwal-go/cwal/wire"
)

// TestSearchIndexCommands checks the bodies and traits of the search index
// commands and of RunCursorCommand (index management and run command
// specifications).
func TestSearchIndexCommands(t *testing.T) {
	def := ext(t, `{"mappings": {"dynamic": true}}`)
	tests := []struct {
		name string
		cmd  operation.Command
		want string
	}{
		{"create/empty", &operation.CreateSearchIndexes{DB: "d", Collection: "c"}, `{"createSearchIndexes": "c", "indexes": []}`},
		{"create/no name", &operation.CreateSearchIndexes{DB: "d", Collection: "c", Indexes: []operation.SearchIndexSpec{{Definition: def, Type: "search"}}},
			`{"createSearchIndexes": "c", "indexes": [{"definition": {"mappings": {"dynamic": true}}, "type": "search"}]}`},
		{"create/two", &operation.CreateSearchIndexes{DB: "d", Collection: "c", Indexes: []operation.SearchIndexSpec{{Definition: def, Name: "a"}, {Name: "b", Type: "vectorSearch"}}},
			`{"createSearchIndexes": "c", "indexes": [{"definition": {"mappings": {"dynamic": true}}, "name": "a"}, {"definition": {}, "name": "b", "type": "vectorSearch"}]}`},
		{"drop", &operation.DropSearchIndex{DB: "d", Collection: "c", IndexName: "x"}, `{"dropSearchIndex": "c", "name": "x"}`},
		{"update", &operation.UpdateSearchIndex{DB: "d", Collection: "c", IndexName: "x", Definition: def},
			`{"updateSearchIndex": "c", "name": "x", "definition": {"mappings": {"dynamic": true}}}`},
		{"update/nil definition", &operation.UpdateSearchIndex{DB: "d", Collection: "c", IndexName: "x"}, `{"updateSearchIndex": "c", "name": "x", "definition": {}}`},
		{"runCursorCommand", &operation.RunCursorCommand{DB: "d", Command: ext(t, `{"find": "c", "batchSize": 2}`)}, `{"find": "c", "batchSize": 2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameDoc(t, body(t, tt.cmd, description.Server{}), ext(t, tt.want))
			want := operation.Traits{Write: true}
			if tt.name == "runCursorCommand" {
				want = operation.Traits{ReadPreference: true}
			}
			if got := tt.cmd.Traits(); got != want {
				t.Errorf("Traits() = %+v, want %+v", got, want)
			}
		})
	}
	bad := bson.Raw{9, 0, 0, 0, 0}
	for _, c := range []operation.Command{
		&operation.CreateSearchIndexes{Indexes: []operation.SearchIndexSpec{{Definition: bad}}},
		&operation.UpdateSearchIndex{Definition: bad},
		&operation.RunCursorCommand{Command: ext(t, `{}`)},
	} {
		if _, err := c.AppendBody(nil, description.Server{}); !errors.Is(err, operation.ErrInvalidArgument) {
			t.Errorf("%s: bad document gave %v, want ErrInvalidArgument", c.Name(), err)
		}
	}
}

// TestSearchIndexReplies checks the decoding of createSearchIndexes and
// runCursorCommand replies, malformed ones included.
func TestSearchIndexReplies(t *testing.T) {
	tests := []struct {
		name, reply string
		cmd         operation.Command
		wantErr     bool
		check       func(t *testing.T, c operation.Command)
	}{
		{name: "created", reply: `{"ok": 1, "indexesCreated": [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}]}`,
			cmd: &operation.CreateSearchIndexes{DB: "d", Collection: "c"},
			check: func(t *testing.T, c operation.Command) {
				if got := c.(*operation.CreateSearchIndexes).Result; len(got) != 2 || got[0] != "a" || got[1] != "b" {
					t.Fatalf("names %q", got)
				}
			}},
		{name: "created/not an array", reply: `{"ok": 1, "indexesCreated": 3}`, cmd: &operation.CreateSearchIndexes{DB: "d", Collection: "c"}, wantErr: true},
		{name: "created/no name", reply: `{"ok": 1, "indexesCreated": [{"id": "1"}]}`, cmd: &operation.CreateSearchIndexes{DB: "d", Collection: "c"}, wantErr: true},
		{name: "cursor", reply: `{"ok": 1, "cursor": {"id": {"$numberLong": "0"}, "ns": "d.c", "firstBatch": [{"_id": 1}]}}`,
			cmd: &operation.RunCursorCommand{DB: "d", Command: ext(t, `{"find": "c"}`)},
			check: func(t *testing.T, c operation.Command) {
				if r := c.(*operation.RunCursorCommand).Result; r.Len() != 1 || r.Collection() != "c" {
					t.Fatalf("cursor %+v", r)
				}
			}},
		{name: "cursor/missing", reply: `{"ok": 1}`, cmd: &operation.RunCursorCommand{DB: "d", Command: ext(t, `{"ping": 1}`)}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, d := onePipe(t, replies(t, tt.reply))
			err := run(t, d, tt.cmd, operation.ExecOptions{})
			var re *operation.ReplyError
			switch {
			case tt.wantErr && !errors.As(err, &re):
				t.Fatalf("err = %v, want a *ReplyError", err)
			case !tt.wantErr && err != nil:
				t.Fatal(err)
			case tt.check != nil:
				tt.check(t, tt.cmd)
			}
			ps.balanced(t)
		})
	}
}

// stageDeployment hands out its secondary to reads and its primary to
// writes, recording the criteria.
type stageDeployment struct {
	primary, secondary *pipeServer
	mu                 sync.Mutex
	criteria           []topology.Criteria
}

func (d *stageDeployment) SelectServer(_ context.Context, c topology.Criteria) (operation.Server, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.criteria = append(d.criteria, c)
	if c.Write {
		return d.primary, nil
	}
	return d.secondary, nil
}

func (d *stageDeployment) Kind() topology.Kind { return topology.ReplicaSetWithPrimary }

// TestWriteStageReadPreference checks the CRUD specification's rule for
// an aggregate with $out or $merge: a non-primary read preference selects
// and is sent to a 5.0+ server; a pre-5.0 one makes the aggregate run on
// the primary without $readPreference.
func TestWriteStageReadPreference(t *testing.T) {
	secPref := topology.ReadPref{Mode: topology.SecondaryPreferred}
	tests := []struct {
		name       string
		wire       int32
		rp         topology.ReadPref
		selections []bool // Write of each selection
		onPrimary  bool
		sentMode   string // "" for no $readPreference
	}{
		{"5.0 secondary", 13, secPref, []bool{false}, false, "secondaryPreferred"},
		{"8.0 secondary", 25, secPref, []bool{false}, false, "secondaryPreferred"},
		{"4.4 secondary", 12, secPref, []bool{false, true}, true, ""},
		{"primary", 25, topology.ReadPref{}, []bool{true}, true, ""},
	}
	reply := `{"ok": 1, "cursor": {"id": {"$numberLong": "0"}, "ns": "d.c", "firstBatch": []}}`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var sent []bson.Raw
			record := func(_ int, cmd bson.Raw, _ wire.Msg) bson.Raw {
				mu.Lock()
				defer mu.Unlock()
				sent = append(sent, append(bson.Raw(nil), cmd...))
				return ext(t, reply)
			}
			d := &stageDeployment{primary: newPipeServer(t, "p:1", record), secondary: newPipeServer(t, "s:1", record)}
			d.secondary.desc.Type, d.secondary.desc.MaxWireVersion = description.RSSecondary, tt.wire
			d.primary.desc.MaxWireVersion = tt.wire
			cmd := &operation.Aggregate{DB: "d", Collection: "c", Pipeline: arr(t, `[{"$out": "o"}]`)}
			if err := run(t, d, cmd, operation.ExecOptions{ReadPref: tt.rp}); err != nil {
				t.Fatal(err)
			}
			if len(d.criteria) != len(tt.selections) {
				t.Fatalf("%d selections, want %d", len(d.criteria), len(tt.selections))
			}
			for i, w := range tt.selections {
				if d.criteria[i].Write != w {
					t.Errorf("selection %d: Write = %v, want %v", i, d.criteria[i].Write, w)
				}
			}
			if got := d.primary.commands() == 1; got != tt.onPrimary || len(sent) != 1 {
				t.Fatalf("on primary = %v (%d sent), want %v", got, len(sent), tt.onPrimary)
			}
			if got := sent[0].Lookup("$readPreference", "mode").StringValue(); got != tt.sentMode {
				t.Errorf("$readPreference.mode = %q, want %q (%s)", got, tt.sentMode, sent[0])
			}
			if d.primary.done+d.secondary.done != len(tt.selections) {
				t.Errorf("Done called %d times for %d selections", d.primary.done+d.secondary.done, len(tt.selections))
			}
		})
	}
}
