package description

import (
	"github.com/cwal-go/cwal/bson"
)

// parseFlag handles the fields that only decide the type and the outcome.
// It reports whether key was one of them.
func parseFlag(key []byte, v bson.RawValue, f *helloFlags) (bool, error) {
	var err error
	switch string(key) {
	case "ok":
		f.okSeen = true
		f.ok, err = okValue(v)
	case "isWritablePrimary":
		f.writablePrimarySeen = true
		f.writablePrimary, err = boolValue("isWritablePrimary", v)
	case "ismaster", "isMaster":
		f.isMaster, err = boolValue("ismaster", v)
	case "secondary":
		f.secondary, err = boolValue("secondary", v)
	case "arbiterOnly":
		f.arbiterOnly, err = boolValue("arbiterOnly", v)
	case "hidden":
		f.hidden, err = boolValue("hidden", v)
	case "isreplicaset":
		f.isReplicaSet, err = boolValue("isreplicaset", v)
	case "msg":
		msg, _ := v.StringValueOK() // only "isdbgrid" means anything
		f.isDBGrid = msg == "isdbgrid"
	case "errmsg":
		f.errmsg, _ = v.StringValueOK() // diagnostic only: tolerate any type
	case "codeName":
		f.codeName, _ = v.StringValueOK()
	case "code":
		n, _ := v.AsInt64OK()
		f.code = int32(n)
	default:
		return false, nil
	}
	return true, err
}

// parseField fills the description fields. Unknown keys are ignored.
func parseField(key []byte, v bson.RawValue, s *Server) error {
	var err error
	switch string(key) {
	case "minWireVersion":
		s.MinWireVersion, err = int32Value("minWireVersion", v)
	case "maxWireVersion":
		s.MaxWireVersion, err = int32Value("maxWireVersion", v)
	case "me":
		s.Me, err = addrValue("me", v)
	case "primary":
		s.Primary, err = addrValue("primary", v)
	case "hosts":
		s.Hosts, err = stringList("hosts", v, true)
	case "passives":
		s.Passives, err = stringList("passives", v, true)
	case "arbiters":
		s.Arbiters, err = stringList("arbiters", v, true)
	case "setName":
		s.SetName, err = stringValue("setName", v)
	case "tags":
		s.Tags, err = tagsValue(v)
	case "iscryptd":
		s.IsCryptd, err = boolValue("iscryptd", v)
	case "helloOk":
		s.HelloOK, err = boolValue("helloOk", v)
	default:
		return parseMoreFields(key, v, s)
	}
	return err
}

// parseMoreFields continues parseField, keeping each switch short.
func parseMoreFields(key []byte, v bson.RawValue, s *Server) error {
	var err error
	switch string(key) {
	case "setVersion":
		s.SetVersion, err = int64Ptr("setVersion", v)
	case "electionId":
		s.ElectionID, err = objectIDPtr("electionId", v)
	case "serviceId":
		s.ServiceID, err = objectIDPtr("serviceId", v)
	case "logicalSessionTimeoutMinutes":
		s.LogicalSessionTimeoutMinutes, err = int64Ptr("logicalSessionTimeoutMinutes", v)
	case "topologyVersion":
		s.TopologyVersion, err = topologyVersionValue(v)
	case "lastWrite":
		err = lastWriteValue(v, s)
	case "connectionId":
		s.ConnectionID, err = int64Value("connectionId", v)
	case "maxBsonObjectSize":
		s.MaxBSONObjectSize, err = positiveInt32("maxBsonObjectSize", v)
	case "maxMessageSizeBytes":
		s.MaxMessageSizeBytes, err = positiveInt32("maxMessageSizeBytes", v)
	case "maxWriteBatchSize":
		s.MaxWriteBatchSize, err = positiveInt32("maxWriteBatchSize", v)
	case "compression":
		s.Compression, err = stringList("compression", v, false)
	case "saslSupportedMechs":
		s.SASLSupportedMechs = mechList(v)
	case "speculativeAuthenticate":
		doc, ok := v.DocumentOK()
		if !ok {
			return typeErr("speculativeAuthenticate", "a document", v)
		}
		s.SpeculativeAuthenticate = doc
	}
	return err
}
