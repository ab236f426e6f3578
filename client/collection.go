package client

// Collection is a handle to one collection; making one sends nothing. It
// is safe for concurrent use.
type Collection struct {
	client *Client
	dbh    *Database
	db     string
	name   string
	st     settings
}

// Collection returns a handle to the named collection, inheriting the
// database's concerns and read preference unless opts override them.
func (db *Database) Collection(name string, opts ...Settings) *Collection {
	return &Collection{client: db.client, dbh: db, db: db.name, name: name, st: lastSettings(opts).apply(db.st)}
}

// Name returns the collection's name.
func (c *Collection) Name() string { return c.name }

// Database returns the collection's database.
func (c *Collection) Database() *Database { return c.dbh }
