package mongotest

// commandTable returns every command the server knows, by name.
func commandTable() map[string]*command {
	hello := &command{run: cmdHello, noAuth: true, fields: nil}
	t := map[string]*command{
		"hello":    hello,
		"isMaster": hello,
		"ismaster": hello,

		"ping":                {run: cmdPing, noAuth: true},
		"buildInfo":           {run: cmdBuildInfo, noAuth: true},
		"buildinfo":           {run: cmdBuildInfo, noAuth: true},
		"saslStart":           {run: cmdSaslStart, noAuth: true},
		"saslContinue":        {run: cmdSaslContinue, noAuth: true},
		"logout":              {run: cmdLogout, noAuth: true},
		"connectionStatus":    {run: cmdConnectionStatus, noAuth: true},
		"getParameter":        {run: cmdGetParameter, adminOnly: true},
		"serverStatus":        {run: cmdServerStatus},
		"hostInfo":            {run: cmdHostInfo},
		"whatsmyuri":          {run: cmdWhatsMyURI},
		"getCmdLineOpts":      {run: cmdGetCmdLineOpts, adminOnly: true},
		"getLog":              {run: cmdGetLog, adminOnly: true},
		"replSetGetStatus":    {run: cmdReplSetGetStatus, adminOnly: true},
		"currentOp":           {run: cmdCurrentOp, adminOnly: true},
		"getDefaultRWConcern": {run: cmdGetDefaultRWConcern, adminOnly: true},
		"configureFailPoint":  {run: cmdConfigureFailPoint, adminOnly: true},

		"insert":      {run: cmdInsert, write: true, fields: insertFields},
		"update":      {run: cmdUpdate, write: true, fields: updateFields},
		"delete":      {run: cmdDelete, write: true, fields: deleteFields},
		"find":        {run: cmdFind, fields: findFields},
		"getMore":     {run: cmdGetMore, fields: []string{"collection", "batchSize", "term", "lastKnownCommittedOpTime"}},
		"killCursors": {run: cmdKillCursors, fields: []string{"cursors"}},

		"create":           {run: cmdCreate, fields: createFields},
		"drop":             {run: cmdDrop},
		"dropDatabase":     {run: cmdDropDatabase},
		"listCollections":  {run: cmdListCollections, fields: []string{"filter", "nameOnly", "authorizedCollections", "cursor", "includePendingDrops"}},
		"listDatabases":    {run: cmdListDatabases, adminOnly: true, fields: []string{"filter", "nameOnly", "authorizedDatabases"}},
		"renameCollection": {run: cmdRenameCollection, adminOnly: true, fields: []string{"to", "dropTarget", "stayTemp", "collectionUUID"}},
		"collMod":          {run: cmdCollMod},
		"createIndexes":    {run: cmdCreateIndexes, fields: []string{"indexes", "commitQuorum", "ignoreUnknownIndexOptions"}},
		"listIndexes":      {run: cmdListIndexes, fields: []string{"cursor", "includeBuildUUIDs", "includeIndexBuildInfo"}},
		"dropIndexes":      {run: cmdDropIndexes, fields: []string{"index"}},
		"deleteIndexes":    {run: cmdDropIndexes, fields: []string{"index"}},

		"findAndModify": {run: cmdFindAndModify, write: true, fields: findAndModifyFields},
		"findandmodify": {run: cmdFindAndModify, write: true, fields: findAndModifyFields},
		"count":         {run: cmdCount, fields: countFields},
		"distinct":      {run: cmdDistinct, fields: []string{"key", "query", "collation", "hint"}},
		"bulkWrite":     {run: cmdBulkWrite, write: true, adminOnly: true, fields: bulkWriteFields},
		"aggregate":     {run: cmdAggregate, fields: aggregateFields},

		"explain":   {run: cmdExplain, fields: []string{"explain", "verbosity"}},
		"dbStats":   {run: cmdDBStats},
		"collStats": {run: cmdCollStats},

		"testVersion2":              {run: cmdTestAPI},
		"testVersions1And2":         {run: cmdTestAPI},
		"testDeprecation":           {run: cmdTestAPI},
		"testDeprecationInVersion2": {run: cmdTestAPI},
		"createSearchIndexes":       {run: cmdSearchIndex},
		"updateSearchIndex":         {run: cmdSearchIndex},
		"dropSearchIndex":           {run: cmdSearchIndex},

		"endSessions":              {run: cmdEndSessions, noAuth: true},
		"killSessions":             {run: cmdKillSessions},
		"killAllSessions":          {run: cmdKillAllSessions},
		"killAllSessionsByPattern": {run: cmdKillAllSessions},
		"refreshSessions":          {run: cmdRefreshSessions},
		"startSession":             {run: cmdStartSession},
	}
	return t
}
