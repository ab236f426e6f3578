package mongotest

import (
	"github.com/cwal-go/cwal/mongotest/internal/store"
)

// collSizes is what $collStats storageStats reports of a collection.
type collSizes struct {
	count   int64
	size    int64
	opts    store.Options
	indexes []string
}

func readCollSizes(rd *store.Reader) collSizes {
	st := collSizes{count: int64(rd.Len()), size: rd.Size(), opts: rd.Options()}
	for _, ix := range rd.Indexes() {
		st.indexes = append(st.indexes, ix.Name)
	}
	return st
}

// appendStorageStats writes the fields of storageStats in mongod's order.
// Data lives in memory, so storage and data sizes are the same and
// indexes take no space; sizes are divided by scale (default 1), as
// mongod does.
func appendStorageStats(bl *builder, st collSizes, scale int64) {
	if scale < 1 {
		scale = 1
	}
	bl.int64("size", st.size/scale).int64("count", st.count)
	if st.count > 0 {
		bl.int64("avgObjSize", st.size/st.count)
	}
	bl.int64("numOrphanDocs", 0).int64("storageSize", st.size/scale).int64("freeStorageSize", 0).
		bool("capped", st.opts.Capped)
	if st.opts.Capped {
		bl.int64("max", st.opts.Max).int64("maxSize", st.opts.Size/scale)
	}
	bl.int64("nindexes", int64(len(st.indexes)))
	bl.startArray("indexBuilds").end()
	bl.int64("totalIndexSize", 0).int64("totalSize", st.size/scale)
	bl.startDoc("indexSizes")
	for _, name := range st.indexes {
		bl.int64(name, 0)
	}
	bl.end()
	bl.int64("scaleFactor", scale)
}
