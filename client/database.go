package client

import (
	"context"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// Database is a handle to one database of a Client; making one sends
// nothing. It is safe for concurrent use.
type Database struct {
	client *Client
	name   string
	st     settings
}

// Database returns a handle to the named database, inheriting the client's
// concerns and read preference unless opts override them.
func (c *Client) Database(name string, opts ...Settings) *Database {
	return &Database{client: c, name: name, st: lastSettings(opts).apply(c.st)}
}

// Name returns the database's name.
func (db *Database) Name() string { return db.name }

// Client returns the client the database belongs to.
func (db *Database) Client() *Client { return db.client }

// RunCommandOptions are the options of RunCommand.
type RunCommandOptions struct {
	// ReadPref selects the server; unset means primary (run command
	// specification: the database's read preference is not inherited).
	ReadPref Optional[ReadPref]
}

// RunCommand runs cmd, a document whose first key is the command name
// (use bson.D to keep the order), as given: no concerns are added and it
// is never retried. The reply is in the SingleResult.
func (db *Database) RunCommand(ctx context.Context, cmd any, opts ...RunCommandOptions) *SingleResult {
	body, err := marshalDoc("command", cmd)
	if err == nil && len(body) <= 5 {
		err = ErrInvalidArgument
	}
	if err != nil {
		return &SingleResult{err: err}
	}
	rc := &operation.RunCommand{DB: db.name, Command: body}
	eo := operation.ExecOptions{ReadPref: last(opts).ReadPref.Or(ReadPref{})}
	if err := db.client.execute(ctx, rc, eo); err != nil {
		return &SingleResult{err: err}
	}
	return &SingleResult{raw: rc.Result}
}

// Drop drops the database.
func (db *Database) Drop(ctx context.Context) error {
	return db.client.execute(ctx, &operation.DropDatabase{DB: db.name}, db.st.writeOpts())
}

// SingleResult is the one document of FindOne, the FindOneAnd methods
// and RunCommand, or the error that replaced it.
type SingleResult struct {
	raw bson.Raw
	err error
}

// Err returns the operation's error: ErrNoDocuments when nothing matched.
func (r *SingleResult) Err() error { return r.err }

// Raw returns the document, a view valid as long as the SingleResult, or
// the error.
func (r *SingleResult) Raw() (bson.Raw, error) { return r.raw, r.err }

// Decode unmarshals the document into v, or returns the error.
func (r *SingleResult) Decode(v any) error {
	if r.err != nil {
		return r.err
	}
	return bson.Unmarshal(r.raw, v)
}
