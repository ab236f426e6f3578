package mongotest

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// Server error codes mongotest replies with, as in mongod's error_codes.yml.
const (
	codeInternalError              = 1
	codeBadValue                   = 2
	codeNoSuchKey                  = 4
	codeFailedToParse              = 9
	codeUnauthorized               = 13
	codeTypeMismatch               = 14
	codeAuthenticationFailed       = 18
	codeIllegalOperation           = 20
	codeInvalidBSON                = 22
	codeNamespaceNotFound          = 26
	codeIndexNotFound              = 27
	codeCursorNotFound             = 43
	codeNamespaceExists            = 48
	codeMaxTimeMSExpired           = 50
	codeCommandNotFound            = 59
	codeInvalidOptions             = 72
	codeInvalidNamespace           = 73
	codeNotWritablePrimary         = 10107
	codeIndexOptionsConflict       = 85
	codeIndexKeySpecsConflict      = 86
	codeCannotCreateIndex          = 67
	codeUnknownReplWriteConcern    = 79
	codeUnsatisfiableWriteConcern  = 100
	codeNoSuchTransaction          = 251
	codeTransactionTooOld          = 225
	codeOperationNotSupportedInTxn = 263
	codeDuplicateKey               = 11000
	codeUnknownField               = 40415
	codeMissingField               = 40414
	codeInvalidPipelineOperator    = 168
	codeQueryPlanKilled            = 175
	codeInterrupted                = 11601
	codeLocationNoDB               = 40571
)

var codeNames = map[int32]string{
	codeInternalError:              "InternalError",
	codeBadValue:                   "BadValue",
	codeNoSuchKey:                  "NoSuchKey",
	codeFailedToParse:              "FailedToParse",
	codeUnauthorized:               "Unauthorized",
	codeTypeMismatch:               "TypeMismatch",
	codeAuthenticationFailed:       "AuthenticationFailed",
	codeIllegalOperation:           "IllegalOperation",
	codeInvalidBSON:                "InvalidBSON",
	codeNamespaceNotFound:          "NamespaceNotFound",
	codeIndexNotFound:              "IndexNotFound",
	codeCursorNotFound:             "CursorNotFound",
	codeNamespaceExists:            "NamespaceExists",
	codeMaxTimeMSExpired:           "MaxTimeMSExpired",
	codeCommandNotFound:            "CommandNotFound",
	codeInvalidOptions:             "InvalidOptions",
	codeInvalidNamespace:           "InvalidNamespace",
	codeInvalidLength:              "InvalidLength",
	codeBSONObjectTooLarge:         "BSONObjectTooLarge",
	codeCommandNotSupported:        "CommandNotSupported",
	codeInvalidIndexSpecOption:     "InvalidIndexSpecificationOption",
	codeNoReplicationEnabled:       "NoReplicationEnabled",
	codeAPIVersionError:            "APIVersionError",
	codeAPIStrictError:             "APIStrictError",
	codeAPIDeprecationError:        "APIDeprecationError",
	codeSearchNotEnabled:           "SearchNotEnabled",
	codeDocumentValidationFailure:  "DocumentValidationFailure",
	codeCommandNotSupportedOnView:  "CommandNotSupportedOnView",
	codeViewDepthLimitExceeded:     "ViewDepthLimitExceeded",
	codeCursorInUse:                "CursorInUse",
	codeProtocolError:              "ProtocolError",
	codeMechUnav:                   "MechanismUnavailable",
	codeMetadataMutated:            "ClientMetadataCannotBeMutated",
	codeUnsupportedOpQueryCommand:  "UnsupportedOpQueryCommand",
	8:                              "UnknownError",
	12:                             "UnsupportedFormat",
	46:                             "LockBusy",
	63:                             "StaleShardVersion",
	117:                            "ConflictingOperationInProgress",
	133:                            "FailedToSatisfyReadPreference",
	150:                            "StaleEpoch",
	202:                            "NetworkInterfaceExceededTimeLimit",
	237:                            "CursorKilled",
	256:                            "TransactionCommitted",
	257:                            "TransactionTooLarge",
	267:                            "PreparedTransactionInProgress",
	290:                            "TransactionExceededLifetimeLimitSeconds",
	codeNotWritablePrimary:         "NotWritablePrimary",
	codeIndexOptionsConflict:       "IndexOptionsConflict",
	codeIndexKeySpecsConflict:      "IndexKeySpecsConflict",
	codeCannotCreateIndex:          "CannotCreateIndex",
	codeUnknownReplWriteConcern:    "UnknownReplWriteConcern",
	codeUnsatisfiableWriteConcern:  "UnsatisfiableWriteConcern",
	codeNoSuchTransaction:          "NoSuchTransaction",
	codeTransactionTooOld:          "TransactionTooOld",
	codeOperationNotSupportedInTxn: "OperationNotSupportedInTransaction",
	codeDuplicateKey:               "DuplicateKey",
	codeInvalidPipelineOperator:    "InvalidPipelineOperator",
	codeQueryPlanKilled:            "QueryPlanKilled",
	codeInterrupted:                "Interrupted",
	6:                              "HostUnreachable",
	7:                              "HostNotFound",
	11:                             "UserNotFound",
	24:                             "LockTimeout",
	89:                             "NetworkTimeout",
	91:                             "ShutdownInProgress",
	112:                            "WriteConflict",
	134:                            "ReadConcernMajorityNotAvailableYet",
	189:                            "PrimarySteppedDown",
	262:                            "ExceededTimeLimit",
	9001:                           "SocketException",
	10058:                          "LegacyNotPrimary",
	11600:                          "InterruptedAtShutdown",
	11602:                          "InterruptedDueToReplStateChange",
	13388:                          "StaleConfig",
	13435:                          "NotPrimaryNoSecondaryOk",
	13436:                          "NotPrimaryOrSecondary",
	64:                             "WriteConcernFailed",
	66:                             "ImmutableField",
	211:                            "KeyNotFound",
	238:                            "NotImplemented",
	246:                            "SnapshotUnavailable",
	261:                            "TooManyLogicalSessions",
	280:                            "ChangeStreamFatalError",
	286:                            "ChangeStreamHistoryLost",
	234:                            "RetryChangeStream",
}

// codeName returns mongod's name for code; codes without one are
// "Location<code>", as mongod reports numbered assertions.
func codeName(code int32) string {
	if n, ok := codeNames[code]; ok {
		return n
	}
	if n := engineCodeName(code); n != "" {
		return n
	}
	return "Location" + strconv.Itoa(int(code))
}

// cmdError is a command failure, replied as {ok: 0, errmsg, code, codeName}.
type cmdError struct {
	Code   int32
	Name   string // "" means codeName(Code)
	Msg    string
	Labels []string
	// Info holds extra top-level reply fields (keyPattern/keyValue of a
	// duplicate key, errInfo of a validation failure), as a document.
	Info bson.Raw
}

func (e *cmdError) Error() string { return e.name() + ": " + e.Msg }

func (e *cmdError) name() string {
	if e.Name != "" {
		return e.Name
	}
	return codeName(e.Code)
}

func errorf(code int32, format string, args ...any) *cmdError {
	return &cmdError{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// toCmdError converts an error from any layer into the reply it deserves.
func toCmdError(err error) *cmdError {
	var ce *cmdError
	if errors.As(err, &ce) {
		return ce
	}
	if ce := engineError(err); ce != nil {
		return ce
	}
	var de *store.DupKeyError
	if errors.As(err, &de) {
		return &cmdError{Code: codeDuplicateKey, Msg: de.Error(), Info: dupKeyInfo(de)}
	}
	switch {
	case errors.Is(err, store.ErrNamespaceNotFound):
		return errorf(codeNamespaceNotFound, "ns not found")
	case errors.Is(err, store.ErrNamespaceExists):
		return errorf(codeNamespaceExists, "%v", err)
	case errors.Is(err, store.ErrIndexNotFound):
		return errorf(codeIndexNotFound, "%v", err)
	}
	return errorf(codeInternalError, "%v", err)
}

// dupKeyInfo is the keyPattern/keyValue pair mongod attaches to E11000.
func dupKeyInfo(de *store.DupKeyError) bson.Raw {
	return rawDoc(func(bl *builder) {
		bl.doc("keyPattern", de.KeyPattern).doc("keyValue", de.KeyValue)
	})
}

// appendError writes an error reply body.
func appendError(bl *builder, e *cmdError) {
	bl.double("ok", 0).str("errmsg", e.Msg).int32("code", e.Code).str("codeName", e.name())
	if len(e.Labels) > 0 {
		bl.strs("errorLabels", e.Labels)
	}
	appendElements(bl, e.Info)
}

// appendElements copies every element of doc into the builder.
func appendElements(bl *builder, doc bson.Raw) {
	it := doc.Iter()
	for it.Next() {
		bl.value(it.Key(), it.Value())
	}
}
