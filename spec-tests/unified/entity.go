package unified

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/cwal-go/cwal/bson"
)

// EntityDescription is one entry of createEntities. Exactly one of the
// kind-specific fields is set for a known kind; for any other kind only
// Kind, ID (when readable) and Raw are set and Err reports the kind as
// unsupported, so the file still loads and the tests fail when run.
type EntityDescription struct {
	// Kind is the entry's single key: "client", "database", "collection",
	// "session", "bucket", "thread", "clientEncryption" or another name.
	Kind string
	ID   string
	// Raw is the entity's body as BSON.
	Raw bson.Raw

	Client           *ClientEntity
	Database         *DatabaseEntity
	Collection       *CollectionEntity
	Session          *SessionEntity
	Bucket           *BucketEntity
	ClientEncryption *ClientEncryptionEntity
}

// Err returns an error for an entity kind this package does not know.
func (e EntityDescription) Err() error {
	switch e.Kind {
	case "client", "database", "collection", "session", "bucket", "thread", "clientEncryption":
		return nil
	}
	return fmt.Errorf("unified: entity %q: unsupported entity kind %q", e.ID, e.Kind)
}

// DatabaseEntity describes a database entity.
type DatabaseEntity struct {
	Client       string
	DatabaseName string
	Options      CollectionOptions
}

// CollectionEntity describes a collection entity.
type CollectionEntity struct {
	Database       string
	CollectionName string
	Options        CollectionOptions
}

// CollectionOptions are collectionOrDatabaseOptions. Nil documents and a
// nil TimeoutMS mean "not given".
type CollectionOptions struct {
	ReadConcern    bson.Raw
	ReadPreference bson.Raw
	WriteConcern   bson.Raw
	TimeoutMS      *int64
}

// SessionEntity describes a session entity.
type SessionEntity struct {
	Client         string
	SessionOptions bson.Raw
}

// BucketEntity describes a GridFS bucket entity.
type BucketEntity struct {
	Database      string
	BucketOptions bson.Raw
}

// ClientEncryptionEntity describes a clientEncryption entity.
type ClientEncryptionEntity struct {
	KeyVaultClient    string
	KeyVaultNamespace string
	// KMSProviders may hold {$$placeholder: 1} values the runner replaces.
	KMSProviders    bson.Raw
	KeyExpirationMS *int64
}

func decodeEntity(d *decoder, path string, raw json.RawMessage) EntityDescription {
	var outer map[string]json.RawMessage
	if jsonKind(raw) != '{' || json.Unmarshal(raw, &outer) != nil {
		d.failf(path, "expected an object, got %s", kindName(raw))
		return EntityDescription{}
	}
	if len(outer) != 1 {
		keys := make([]string, 0, len(outer))
		for k := range outer {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		d.failf(path, "an entity needs exactly one kind key, got %q", keys)
		return EntityDescription{}
	}
	var e EntityDescription
	var body json.RawMessage
	for kind, b := range outer { // the only key
		e.Kind, body = kind, b
	}
	path += "." + e.Kind
	if jsonKind(body) == '{' {
		e.Raw = d.document(path, body)
	}
	if e.Err() != nil {
		e.ID = unknownEntityID(body)
		return e
	}
	o := d.object(path, body)
	o.require("id")
	e.ID = o.str("id")
	decodeEntityBody(o, &e)
	o.close()
	return e
}

func decodeEntityBody(o *object, e *EntityDescription) {
	switch e.Kind {
	case "client":
		e.Client = decodeClient(o)
	case "database":
		o.require("client", "databaseName")
		e.Database = &DatabaseEntity{Client: o.str("client"), DatabaseName: o.str("databaseName"),
			Options: decodeCollectionOptions(o, "databaseOptions")}
	case "collection":
		o.require("database", "collectionName")
		e.Collection = &CollectionEntity{Database: o.str("database"), CollectionName: o.str("collectionName"),
			Options: decodeCollectionOptions(o, "collectionOptions")}
	case "session":
		o.require("client")
		e.Session = &SessionEntity{Client: o.str("client"), SessionOptions: o.document("sessionOptions")}
	case "bucket":
		o.require("database")
		e.Bucket = &BucketEntity{Database: o.str("database"), BucketOptions: o.document("bucketOptions")}
	case "clientEncryption":
		o.require("clientEncryptionOpts")
		e.ClientEncryption = decodeClientEncryption(o)
	}
}

func unknownEntityID(body json.RawMessage) string {
	var head struct {
		ID any `json:"id"`
	}
	_ = json.Unmarshal(body, &head) // the kind is reported as unsupported anyway
	if s, ok := head.ID.(string); ok {
		return s
	}
	return ""
}

func decodeCollectionOptions(parent *object, key string) CollectionOptions {
	raw, ok := parent.raw(key)
	if !ok {
		return CollectionOptions{}
	}
	o := parent.d.object(parent.at(key), raw)
	opts := CollectionOptions{
		ReadConcern:    o.document("readConcern"),
		ReadPreference: o.document("readPreference"),
		WriteConcern:   o.document("writeConcern"),
		TimeoutMS:      o.integer("timeoutMS"),
	}
	o.close()
	return opts
}

func decodeClientEncryption(parent *object) *ClientEncryptionEntity {
	raw, _ := parent.raw("clientEncryptionOpts")
	o := parent.d.object(parent.at("clientEncryptionOpts"), raw)
	o.require("keyVaultClient", "keyVaultNamespace", "kmsProviders")
	c := &ClientEncryptionEntity{
		KeyVaultClient:    o.str("keyVaultClient"),
		KeyVaultNamespace: o.str("keyVaultNamespace"),
		KeyExpirationMS:   o.integer("keyExpirationMS"),
	}
	if kms, ok := o.raw("kmsProviders"); ok {
		checkKMSProviders(o.d, o.at("kmsProviders"), kms)
		c.KMSProviders = o.document("kmsProviders")
	}
	o.close()
	return c
}
