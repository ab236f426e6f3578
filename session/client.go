package session

import (
	"errors"
	"sync"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// ErrPoolClosed: a session was started after the pool was closed (the
// client disconnected).
var ErrPoolClosed = errors.New("session: the session pool is closed")

// TxnState is the transaction state of a Client. Transactions are not
// implemented yet: a Client is always in TxnNone.
type TxnState int

// The transaction states of the transactions specification.
const (
	TxnNone TxnState = iota
	TxnStarting
	TxnInProgress
	TxnCommitted
	TxnAborted
)

// Client is the driver's side of one session the application started (a
// ClientSession in the specifications): it holds one ServerSession from
// Start to End and tracks the session's cluster time, operation time and
// snapshot time. It implements operation.Session,
// operation.ReadConcernSession and operation.ClusterClock.
//
// A Client must be used by one operation at a time (the specifications
// forbid detecting misuse); its accessors may be called at any time.
type Client struct {
	pool   *Pool
	server *ServerSession
	opts   Options
	clock  ClusterClock // the session's own cluster time

	mu            sync.Mutex
	operationTime bson.Timestamp
	snapshotTime  bson.Timestamp
	ended         bool
	txnState      TxnState
}

// Start begins a session with opts, taking a server session from p at
// once (which the specification allows for explicit sessions; it makes
// the lsid known before the first operation).
func Start(p *Pool, opts Options) (*Client, error) {
	if opts.Implicit {
		opts.CausalConsistency = false
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	ss := p.Get()
	if ss == nil {
		return nil, ErrPoolClosed
	}
	return &Client{pool: p, server: ss, opts: opts, snapshotTime: opts.SnapshotTime}, nil
}

// Options returns the options the session started with.
func (c *Client) Options() Options { return c.opts }

// LSID returns the session id document ({id: <UUID>}); it stays readable
// after End.
func (c *Client) LSID() bson.Raw { return c.server.lsid }

// NextTxnNumber advances the server session's transaction number.
func (c *Client) NextTxnNumber() int64 { return c.server.NextTxnNumber() }

// End gives the server session back to the pool; later calls do nothing.
func (c *Client) End() {
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return
	}
	c.ended = true
	c.mu.Unlock()
	c.pool.Put(c.server)
}

// Ended reports whether End was called.
func (c *Client) Ended() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended
}

// Dirty reports whether a network error met the session's server session,
// which the pool will then discard.
func (c *Client) Dirty() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.server.dirty
}

// TxnState returns the transaction state (always TxnNone for now).
func (c *Client) TxnState() TxnState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.txnState
}

var (
	_ operation.ReadConcernSession = (*Client)(nil)
	_ operation.ClusterClock       = (*Client)(nil)
)
