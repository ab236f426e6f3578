package unified

import (
	"github.com/cwal-go/cwal/bson"
)

// ClientEntity describes a client entity.
type ClientEntity struct {
	// URIOptions override the runner's connection string; values may be
	// {$$placeholder: 1} documents the runner must replace.
	URIOptions bson.Raw
	// UseMultipleMongoses is nil when not given: then the runner must not
	// limit the number of mongoses.
	UseMultipleMongoses *bool
	// ObserveEvents lists the event names to record, such as
	// "commandStartedEvent" or "poolClearedEvent".
	ObserveEvents []string
	// IgnoreCommandMonitoringEvents lists command names whose events are
	// not recorded.
	IgnoreCommandMonitoringEvents []string
	// ObserveSensitiveCommands records events of authentication commands.
	ObserveSensitiveCommands bool
	// ObserveLogMessages maps a log component to the least severe level
	// to record.
	ObserveLogMessages map[string]string
	ServerAPI          *ServerAPI
	// StoreEventsAsEntities is deprecated (schema 1.24) and kept raw.
	StoreEventsAsEntities []bson.Raw
	// AutoEncryptOpts configures automatic encryption.
	AutoEncryptOpts bson.Raw
	// AwaitMinPoolSizeMS, when set, bounds the wait for minPoolSize.
	AwaitMinPoolSizeMS *int64
}

// ServerAPI declares a Stable API version for a client.
type ServerAPI struct {
	Version           string
	Strict            *bool
	DeprecationErrors *bool
}

// Event names a client may observe.
var (
	commandEventNames = []string{"commandStartedEvent", "commandSucceededEvent", "commandFailedEvent"}
	cmapEventNames    = []string{
		"poolCreatedEvent", "poolReadyEvent", "poolClearedEvent", "poolClosedEvent",
		"connectionCreatedEvent", "connectionReadyEvent", "connectionClosedEvent",
		"connectionCheckOutStartedEvent", "connectionCheckOutFailedEvent",
		"connectionCheckedOutEvent", "connectionCheckedInEvent",
	}
	sdamEventNames = []string{
		"serverDescriptionChangedEvent", "serverHeartbeatStartedEvent",
		"serverHeartbeatSucceededEvent", "serverHeartbeatFailedEvent",
		"topologyDescriptionChangedEvent", "topologyOpeningEvent", "topologyClosedEvent",
	}
)

// LogComponents are the log components of the logging specification.
var LogComponents = []string{"command", "topology", "serverSelection", "connection"}

// LogLevels are the log severity levels, most severe first.
var LogLevels = []string{"emergency", "alert", "critical", "error", "warning", "notice", "info", "debug", "trace"}

func allEventNames() []string {
	out := append([]string{}, commandEventNames...)
	out = append(out, cmapEventNames...)
	return append(out, sdamEventNames...)
}

func decodeClient(o *object) *ClientEntity {
	c := &ClientEntity{
		URIOptions:                    o.document("uriOptions"),
		UseMultipleMongoses:           o.boolPtr("useMultipleMongoses"),
		ObserveEvents:                 o.strings("observeEvents", 1, allEventNames()...),
		IgnoreCommandMonitoringEvents: o.strings("ignoreCommandMonitoringEvents", 1),
		ObserveSensitiveCommands:      o.boolean("observeSensitiveCommands"),
		ObserveLogMessages:            decodeObserveLogs(o),
		ServerAPI:                     decodeServerAPI(o),
		AutoEncryptOpts:               decodeAutoEncrypt(o),
		AwaitMinPoolSizeMS:            o.integer("awaitMinPoolSizeMS"),
	}
	for i, r := range o.array("storeEventsAsEntities", 1) {
		c.StoreEventsAsEntities = append(c.StoreEventsAsEntities, o.d.document(o.at("storeEventsAsEntities")+"["+itoa(i)+"]", r))
	}
	return c
}

func decodeObserveLogs(parent *object) map[string]string {
	raw, ok := parent.raw("observeLogMessages")
	if !ok {
		return nil
	}
	o := parent.d.object(parent.at("observeLogMessages"), raw)
	if len(o.m) == 0 {
		parent.d.failf(o.path, "expected at least one component")
	}
	out := map[string]string{}
	for _, comp := range LogComponents {
		if o.has(comp) {
			out[comp] = o.enum(comp, LogLevels...)
		}
	}
	o.close()
	return out
}

func decodeServerAPI(parent *object) *ServerAPI {
	raw, ok := parent.raw("serverApi")
	if !ok {
		return nil
	}
	o := parent.d.object(parent.at("serverApi"), raw)
	o.require("version")
	api := &ServerAPI{Version: o.str("version"), Strict: o.boolPtr("strict"), DeprecationErrors: o.boolPtr("deprecationErrors")}
	o.close()
	return api
}

func decodeAutoEncrypt(parent *object) bson.Raw {
	raw, ok := parent.raw("autoEncryptOpts")
	if !ok {
		return nil
	}
	o := parent.d.object(parent.at("autoEncryptOpts"), raw)
	o.require("keyVaultNamespace", "kmsProviders")
	o.str("keyVaultNamespace")
	o.boolPtr("bypassAutoEncryption")
	o.boolPtr("bypassQueryAnalysis")
	o.integer("keyExpirationMS")
	o.document("schemaMap")
	o.document("encryptedFieldsMap")
	o.document("extraOptions")
	if kms, ok := o.raw("kmsProviders"); ok {
		checkKMSProviders(o.d, o.at("kmsProviders"), kms)
	}
	o.close()
	return parent.document("autoEncryptOpts")
}
