package mongotest

import (
	"github.com/cwal-go/cwal/bson"
)

// Stable API error codes.
const (
	codeAPIStrictError      = 323
	codeAPIDeprecationError = 324
	codeSearchNotEnabled    = 31082
)

// apiV1 lists the commands of Stable API version 1.
var apiV1 = map[string]bool{
	"abortTransaction": true, "aggregate": true, "authenticate": true, "bulkWrite": true, "collMod": true,
	"commitTransaction": true, "count": true, "create": true, "createIndexes": true, "delete": true,
	"drop": true, "dropDatabase": true, "dropIndexes": true, "endSessions": true, "explain": true,
	"find": true, "findAndModify": true, "getMore": true, "hello": true, "insert": true,
	"killCursors": true, "listCollections": true, "listDatabases": true, "listIndexes": true,
	"ping": true, "refreshSessions": true, "saslContinue": true, "saslStart": true, "update": true,
	"testVersions1And2": true, "testDeprecation": true,
}

// deprecatedV1 lists the version 1 commands that apiDeprecationErrors refuses.
var deprecatedV1 = map[string]bool{"testDeprecation": true}

// apiStrictStages are aggregation stages outside Stable API version 1.
var apiStrictStages = map[string]bool{"$listLocalSessions": true, "$listSessions": true, "$currentOp": true,
	"$indexStats": true, "$planCacheStats": true, "$collStats": true, "$search": true, "$searchMeta": true}

// checkAPIVersion applies the Stable API parameters: apiVersion must be
// "1", apiStrict refuses commands and stages outside version 1, and
// apiDeprecationErrors refuses deprecated ones.
func checkAPIVersion(req *request) *cmdError {
	v := req.arg("apiVersion")
	if v.Type == 0 {
		if req.arg("apiStrict").Type != 0 || req.arg("apiDeprecationErrors").Type != 0 {
			return errorf(codeAPIVersionError, "Parameter apiStrict and apiDeprecationErrors must be specified together with apiVersion")
		}
		return nil
	}
	if s, ok := v.StringValueOK(); !ok || s != "1" {
		return errorf(codeAPIVersionError, "API version must be \"1\"")
	}
	if req.arg("apiStrict").Boolean() {
		if !apiV1[req.name] {
			return errorf(codeAPIStrictError, "Provided apiStrict:true, but the command %s is not in API Version 1. Information on supported commands and migrations in API Version 1 can be found at https://dochub.mongodb.org/core/manual-versioned-api", req.name)
		}
		if stage := strictStage(req); stage != "" {
			return errorf(codeAPIStrictError, "%s is not allowed with 'apiStrict: true' in API Version 1", stage)
		}
	}
	if req.arg("apiDeprecationErrors").Boolean() && deprecatedV1[req.name] {
		return errorf(codeAPIDeprecationError, "Provided apiDeprecationErrors:true, but the command %s is deprecated in API Version 1", req.name)
	}
	return nil
}

// strictStage returns the first pipeline stage outside version 1.
func strictStage(req *request) string {
	arr, ok := req.arg("pipeline").ArrayOK()
	if req.name != "aggregate" || !ok {
		return ""
	}
	it := bson.Raw(arr).Iter()
	for it.Next() {
		if d, ok := it.Value().DocumentOK(); ok {
			if st := d.Iter(); st.Next() && apiStrictStages[st.Key()] {
				return st.Key()
			}
		}
	}
	return ""
}

// cmdTestAPI answers the test commands of the Stable API tests
// (enableTestCommands): they do nothing but exist in chosen versions.
func cmdTestAPI(r *request, bl *builder) error { return nil }

// cmdSearchIndex answers the Atlas Search index commands as a server
// without Atlas Search does.
func cmdSearchIndex(r *request, bl *builder) error { return searchNotEnabled() }

func searchNotEnabled() error {
	return errorf(codeSearchNotEnabled, "Using Atlas Search Database Commands and the $listSearchIndexes aggregation stage requires additional configuration. Please connect to Atlas or an AtlasCLI local deployment to enable. For more information on how to connect, see https://dochub.mongodb.org/core/atlas-cli-deploy-local-reqs")
}
