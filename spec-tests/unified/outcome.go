package unified

import (
	"fmt"

	"github.com/cwal-go/cwal/bson"
)

// MatchOutcome compares the documents of a collection, read in _id order,
// with an outcome entry: the same number of documents, each equal to the
// expected one except for key order (MatchExactly).
func MatchOutcome(exp CollectionData, docs []bson.Raw) error {
	ns := exp.DatabaseName + "." + exp.CollectionName
	if len(docs) != len(exp.Documents) {
		return fmt.Errorf("outcome %s: expected %d document(s), found %d", ns, len(exp.Documents), len(docs))
	}
	for i, want := range exp.Documents {
		if err := MatchExactly(docValue(want), docValue(docs[i])); err != nil {
			return fmt.Errorf("outcome %s document %d: %w", ns, i, err)
		}
	}
	return nil
}
