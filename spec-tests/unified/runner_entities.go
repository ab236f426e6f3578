package unified

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// clientEntity is a client entity: the client and the recorder its hooks
// feed.
type clientEntity struct {
	c    *client.Client
	rec  *EventRecorder
	logs *LogRecorder
}

// createEntities creates the entities of createEntities in order. The
// clients are returned even on error so they can be closed.
func (r *Runner) createEntities(ctx context.Context, descs []EntityDescription, ents *EntityMap) (map[string]*clientEntity, error) {
	clients := map[string]*clientEntity{}
	for _, d := range descs {
		if err := d.Err(); err != nil {
			return clients, err
		}
		var err error
		switch {
		case d.Client != nil:
			var ce *clientEntity
			if ce, err = r.newClient(ctx, d.Client); err == nil {
				clients[d.ID] = ce
				err = ents.Add(d.ID, KindClient, ce)
			}
		case d.Database != nil:
			err = addDatabase(ents, d.ID, d.Database)
		case d.Collection != nil:
			err = addCollection(ents, d.ID, d.Collection)
		case d.Bucket != nil:
			err = addBucket(ents, d.ID, d.Bucket)
		case d.Kind == "thread":
			err = ents.Add(d.ID, KindThread, NewThread())
		case d.Session != nil:
			err = addSession(ents, d.ID, d.Session)
		default:
			err = fmt.Errorf("entity %q: kind %s is not supported by this runner", d.ID, d.Kind)
		}
		if err != nil {
			return clients, fmt.Errorf("entity %q: %w", d.ID, err)
		}
	}
	return clients, nil
}

// newClient connects a client entity with its URI options and hooks.
func (r *Runner) newClient(ctx context.Context, d *ClientEntity) (*clientEntity, error) {
	if d.ServerAPI != nil && d.ServerAPI.Version != "1" {
		return nil, fmt.Errorf("serverApi version %q is not a declared Stable API version", d.ServerAPI.Version)
	}
	uri, err := withURIOptions(r.URI, r.heartbeatOptions(d.URIOptions))
	if err != nil {
		return nil, err
	}
	rec := NewEventRecorder(d)
	logs := NewLogRecorder(d.ObserveLogMessages)
	opts := []client.Option{client.WithMonitor(commandMonitor(rec)), client.WithPoolEvents(poolEvents(rec)),
		client.WithTopologyEvents(sdamEvents(rec))}
	if d.ServerAPI != nil {
		opts = append(opts, client.WithServerAPI(serverAPIOf(d.ServerAPI)))
	}
	if len(d.ObserveLogMessages) > 0 {
		opts = append(opts, client.WithLogging(client.LogOptions{Handler: newLogHandler(logs), Levels: d.ObserveLogMessages}))
	}
	c, err := client.Connect(ctx, uri, opts...)
	if err != nil {
		return nil, err
	}
	return &clientEntity{c: c, rec: rec, logs: logs}, nil
}

// withURIOptions adds uriOptions to the query of uri, replacing options
// already there.
func withURIOptions(uri string, opts bson.Raw) (string, error) {
	if len(opts) == 0 {
		return uri, nil
	}
	base, query, _ := strings.Cut(uri, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("uri %q: %w", uri, err)
	}
	it := opts.Iter()
	for it.Next() {
		s, err := uriValue(it.Value())
		if err != nil {
			return "", fmt.Errorf("uriOptions.%s: %w", it.Key(), err)
		}
		q.Set(it.Key(), s)
	}
	if !strings.Contains(base, "/") || strings.Count(base, "/") < 3 {
		base += "/"
	}
	return base + "?" + q.Encode(), it.Err()
}

func uriValue(v bson.RawValue) (string, error) {
	if s, ok := v.StringValueOK(); ok {
		return s, nil
	}
	if b, ok := v.BooleanOK(); ok {
		return strconv.FormatBool(b), nil
	}
	if n, ok := v.AsInt64OK(); ok {
		return strconv.FormatInt(n, 10), nil
	}
	return "", fmt.Errorf("unsupported value %s", v)
}

func addDatabase(ents *EntityMap, id string, d *DatabaseEntity) error {
	ce, err := Lookup[*clientEntity](ents, d.Client, KindClient)
	if err != nil {
		return err
	}
	st, err := settingsOf(d.Options)
	if err != nil {
		return err
	}
	return ents.Add(id, KindDatabase, ce.c.Database(d.DatabaseName, st))
}

func addCollection(ents *EntityMap, id string, d *CollectionEntity) error {
	db, err := Lookup[*client.Database](ents, d.Database, KindDatabase)
	if err != nil {
		return err
	}
	st, err := settingsOf(d.Options)
	if err != nil {
		return err
	}
	return ents.Add(id, KindCollection, db.Collection(d.CollectionName, st))
}

// settingsOf translates collectionOrDatabaseOptions.
func settingsOf(o CollectionOptions) (client.Settings, error) {
	var st client.Settings
	if o.TimeoutMS != nil {
		return st, fmt.Errorf("timeoutMS: client has no operation timeout (CSOT)")
	}
	if len(o.ReadConcern) > 0 {
		st.ReadConcern = client.ReadConcern{Level: o.ReadConcern.Lookup("level").StringValue()}
	}
	if len(o.WriteConcern) > 0 {
		st.WriteConcern = writeConcernOf(o.WriteConcern)
	}
	if len(o.ReadPreference) > 0 {
		rp, err := readPrefOf(o.ReadPreference)
		if err != nil {
			return st, err
		}
		st.ReadPref = client.Some(rp)
	}
	return st, nil
}

// writeConcernOf translates a writeConcern document.
func writeConcernOf(d bson.Raw) client.WriteConcern {
	var wc client.WriteConcern
	w := d.Lookup("w")
	if s, ok := w.StringValueOK(); ok {
		wc.W = client.Some(client.WValue{Tag: s})
	} else if n, ok := w.AsInt64OK(); ok {
		wc.W = client.Some(client.WValue{N: int(n)})
	}
	if j, ok := d.Lookup("journal").BooleanOK(); ok {
		wc.Journal = client.Some(j)
	} else if j, ok := d.Lookup("j").BooleanOK(); ok {
		wc.Journal = client.Some(j)
	}
	if ms, ok := d.Lookup("wtimeoutMS").AsInt64OK(); ok {
		wc.WTimeout = time.Duration(ms) * time.Millisecond
	}
	return wc
}

// closeEntities closes cursors, then disconnects clients, and checks that
// no connection stayed checked out.
func closeEntities(ctx context.Context, ents *EntityMap, clients map[string]*clientEntity) error {
	for _, kind := range []EntityKind{KindFindCursor, KindCommandCursor} {
		for _, name := range ents.ByKind(kind) {
			if cur, err := Lookup[*client.Cursor](ents, name, kind); err == nil {
				_ = cur.Close(ctx)
			}
		}
	}
	for _, name := range ents.ByKind(KindThread) {
		if th, err := Lookup[*Thread](ents, name, KindThread); err == nil {
			th.Close()
		}
	}
	endSessionEntities(ctx, ents)
	var first error
	for name, ce := range clients {
		if n := ce.rec.CheckedOut(); n != 0 && first == nil {
			first = fmt.Errorf("client %q: %d connection(s) still checked out", name, n)
		}
		// A client the test closed itself reports ErrClientDisconnected.
		err := ce.c.Disconnect(ctx)
		if err != nil && !errors.Is(err, client.ErrClientDisconnected) && first == nil {
			first = fmt.Errorf("client %q: disconnect: %w", name, err)
		}
	}
	return first
}
