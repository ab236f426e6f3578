package unified

import (
	"strconv"

	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/client"
)

// clientBulkResultDoc is the result shape of clientBulkWrite; the verbose
// maps are empty documents without verboseResults.
func clientBulkResultDoc(res *client.ClientBulkWriteResult) (Result, error) {
	if !res.Acknowledged {
		return docResult(bson.D{{Key: "acknowledged", Value: false}})
	}
	ins, upd, del := bson.D{}, bson.D{}, bson.D{}
	for i := 0; i <= maxKey(res.InsertResults); i++ {
		if r, ok := res.InsertResults[i]; ok {
			ins = append(ins, bson.E{Key: strconv.Itoa(i), Value: bson.D{{Key: "insertedId", Value: r.InsertedID}}})
		}
	}
	for i := 0; i <= maxKey(res.UpdateResults); i++ {
		if r, ok := res.UpdateResults[i]; ok {
			d := bson.D{{Key: "matchedCount", Value: r.MatchedCount}, {Key: "modifiedCount", Value: r.ModifiedCount}}
			if !r.UpsertedID.IsZero() {
				d = append(d, bson.E{Key: "upsertedId", Value: r.UpsertedID})
			}
			upd = append(upd, bson.E{Key: strconv.Itoa(i), Value: d})
		}
	}
	for i := 0; i <= maxKey(res.DeleteResults); i++ {
		if r, ok := res.DeleteResults[i]; ok {
			del = append(del, bson.E{Key: strconv.Itoa(i), Value: bson.D{{Key: "deletedCount", Value: r.DeletedCount}}})
		}
	}
	return docResult(bson.D{
		{Key: "insertedCount", Value: res.InsertedCount}, {Key: "upsertedCount", Value: res.UpsertedCount},
		{Key: "matchedCount", Value: res.MatchedCount}, {Key: "modifiedCount", Value: res.ModifiedCount},
		{Key: "deletedCount", Value: res.DeletedCount},
		{Key: "insertResults", Value: ins}, {Key: "updateResults", Value: upd}, {Key: "deleteResults", Value: del},
	})
}
