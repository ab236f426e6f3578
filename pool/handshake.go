package pool

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/description"
	"github.com/cwal-go/cwal/internal/auth"
	"github.com/cwal-go/cwal/internal/compressor"
)

// handshake runs the connection handshake of the MongoDB Handshake
// specification on a fresh connection, then authentication.
func (c *Conn) handshake(ctx context.Context, cfg *ConnConfig) error {
	var conv *auth.Conversation
	if cfg.Auth != nil {
		conv = cfg.Auth.a.NewConversation()
	}
	hello, err := appendHello(nil, cfg, conv)
	if err != nil {
		return &EstablishError{Stage: StageHello, Addr: c.addr, Err: err}
	}
	start := time.Now()
	reply, err := c.runCommand(ctx, "admin", hello, nil)
	if err != nil {
		return &EstablishError{Stage: StageHello, Addr: c.addr, Err: err}
	}
	desc := description.NewServer(c.addr, reply)
	desc.RTT = time.Since(start)
	if desc.Error != nil {
		return &EstablishError{Stage: StageHello, Addr: c.addr, Err: desc.Error}
	}
	if cfg.LoadBalanced {
		if desc.ServiceID == nil {
			return &EstablishError{Stage: StageHello, Addr: c.addr, Err: ErrNoServiceID}
		}
		desc.Type = description.LoadBalancer
	}
	c.desc = desc
	c.maxMsg = desc.MaxMessageSizeBytes
	if err := c.negotiateCompressor(cfg, desc.Compression); err != nil {
		return &EstablishError{Stage: StageHello, Addr: c.addr, Err: err}
	}
	// Arbiters hold no users: there is nothing to authenticate against.
	if conv == nil || desc.Type == description.RSArbiter {
		return nil
	}
	err = conv.Finish(ctx, authConn{c}, desc.SASLSupportedMechs, desc.SpeculativeAuthenticate)
	if err != nil {
		return &EstablishError{Stage: StageAuth, Addr: c.addr, Err: err}
	}
	return nil
}

// appendHello builds the handshake command. It is the legacy hello
// (isMaster) with helloOk: true, or hello in load-balanced mode, as the
// specification requires; helloOk in the reply then tells monitors to use
// hello.
func appendHello(dst []byte, cfg *ConnConfig, conv *auth.Conversation) (bson.Raw, error) {
	b, start := bson.AppendDocumentStart(dst)
	if cfg.LoadBalanced || cfg.ServerAPI != nil {
		// With a declared API version, never the legacy hello
		// (versioned API specification).
		b = bson.AppendInt32Element(b, "hello", 1)
	} else {
		b = bson.AppendInt32Element(b, "isMaster", 1)
	}
	b = bson.AppendBooleanElement(b, "helloOk", true)
	// The client backpressure version this driver implements (a string).
	b = bson.AppendStringElement(b, "backpressure", "2")
	client := cfg.ClientMetadata
	if client == nil {
		var err error
		if client, err = AppendClientMetadata(nil, cfg.AppName, cfg.DriverInfo); err != nil {
			return nil, err
		}
	}
	b = bson.AppendDocumentElement(b, "client", client)
	b = appendCompression(b, cfg.Compressors)
	if cfg.LoadBalanced {
		b = bson.AppendBooleanElement(b, "loadBalanced", true)
	}
	if conv != nil {
		b = conv.AppendHello(b)
	}
	return bson.AppendDocumentEnd(b, start), nil
}

// appendCompression offers the known compressors in preference order; the
// list is sent even when empty, as the OP_COMPRESSED specification advises.
func appendCompression(b []byte, names []string) []byte {
	b, arr := bson.AppendArrayElementStart(b, "compression")
	i := 0
	for _, n := range names {
		if _, ok := compressor.ByName(n); ok {
			b = bson.AppendArrayHeader(b, bson.TypeString, i)
			b = bson.AppendString(b, n)
			i++
		}
	}
	return bson.AppendDocumentEnd(b, arr)
}

// negotiateCompressor picks the first of our compressors the server
// accepted, as the OP_COMPRESSED specification requires.
func (c *Conn) negotiateCompressor(cfg *ConnConfig, accepted []string) error {
	for _, n := range cfg.Compressors {
		id, ok := compressor.ByName(n)
		if !ok || !slices.Contains(accepted, n) {
			continue
		}
		level := cfg.ZlibLevel
		switch level {
		case 0:
			level = -1
		case ZlibLevelNone:
			level = 0
		}
		comp, err := compressor.New(id, level)
		if err != nil {
			return fmt.Errorf("pool: compressor %s: %w", n, err)
		}
		c.comp, c.compress = comp, true
		return nil
	}
	return nil
}
