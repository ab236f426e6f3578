package unified

import (
	"fmt"

	"github.com/cwal-go/cwal/client"
	"github.com/cwal-go/cwal/gridfs"
)

// addBucket creates a GridFS bucket entity on a database entity.
func addBucket(ents *EntityMap, id string, d *BucketEntity) error {
	db, err := Lookup[*client.Database](ents, d.Database, KindDatabase)
	if err != nil {
		return err
	}
	opts, err := bucketOptions(d)
	if err != nil {
		return err
	}
	return ents.Add(id, KindBucket, gridfs.NewBucket(db, opts))
}

// bucketOptions translates bucketOptions. disableMD5 is accepted and has
// no effect: the bucket never computes MD5 (GridFS specification: the
// option becomes a no-op once MD5 support is gone).
func bucketOptions(d *BucketEntity) (gridfs.BucketOptions, error) {
	var o gridfs.BucketOptions
	if len(d.BucketOptions) == 0 {
		return o, nil
	}
	a := newArgs(d.BucketOptions)
	o.Name = a.str("bucketName")
	o.ChunkSizeBytes = int32(a.int64("chunkSizeBytes"))
	a.val("disableMD5")
	st, err := settingsOf(CollectionOptions{
		ReadConcern: a.doc("readConcern"), ReadPreference: a.doc("readPreference"), WriteConcern: a.doc("writeConcern"),
	})
	if err != nil {
		return o, fmt.Errorf("bucketOptions: %w", err)
	}
	if err := a.done(); err != nil {
		return o, fmt.Errorf("bucketOptions: %w", err)
	}
	o.ReadConcern, o.WriteConcern, o.ReadPref = st.ReadConcern, st.WriteConcern, st.ReadPref
	return o, nil
}
