package client

import (
	"github.com/cwal-go/cwal/bson"
	"github.com/cwal-go/cwal/operation"
)

// WriteModel is one write of a BulkWrite: InsertOneModel, UpdateOneModel,
// UpdateManyModel, ReplaceOneModel, DeleteOneModel or DeleteManyModel.
type WriteModel interface {
	// model encodes the write as a client bulkWrite model, which the
	// collection BulkWrite also reads.
	model() (operation.BulkWriteModel, error)
}

// InsertOneModel inserts Document, generating its _id first when missing.
type InsertOneModel struct {
	Document any
}

// UpdateOneModel updates the first document matching Filter.
type UpdateOneModel struct {
	Filter, Update          any
	ArrayFilters, Collation any
	Hint, Sort              any
	Upsert                  bool
}

// UpdateManyModel updates every document matching Filter.
type UpdateManyModel struct {
	Filter, Update          any
	ArrayFilters, Collation any
	Hint                    any
	Upsert                  bool
}

// ReplaceOneModel replaces the first document matching Filter.
type ReplaceOneModel struct {
	Filter, Replacement any
	Collation, Hint     any
	Sort                any
	Upsert              bool
}

// DeleteOneModel deletes the first document matching Filter.
type DeleteOneModel struct {
	Filter, Collation, Hint any
}

// DeleteManyModel deletes every document matching Filter.
type DeleteManyModel struct {
	Filter, Collation, Hint any
}

func (m InsertOneModel) model() (operation.BulkWriteModel, error) {
	doc, _, err := withID(nil, m.Document)
	return operation.BulkWriteModel{Kind: operation.InsertOne, Document: doc}, err
}

func (m UpdateOneModel) model() (operation.BulkWriteModel, error) {
	return updateModel(operation.UpdateOne, m.Filter, m.Update, m.ArrayFilters, m.Collation, m.Hint, m.Sort, m.Upsert)
}

func (m UpdateManyModel) model() (operation.BulkWriteModel, error) {
	return updateModel(operation.UpdateMany, m.Filter, m.Update, m.ArrayFilters, m.Collation, m.Hint, nil, m.Upsert)
}

func (m ReplaceOneModel) model() (operation.BulkWriteModel, error) {
	bm, err := updateModel(operation.ReplaceOne, m.Filter, m.Replacement, nil, m.Collation, m.Hint, m.Sort, m.Upsert)
	if err == nil {
		bm.Document, bm.Update = bm.Update.Document(), bson.RawValue{}
	}
	return bm, err
}

func (m DeleteOneModel) model() (operation.BulkWriteModel, error) {
	return deleteModel(operation.DeleteOne, m.Filter, m.Collation, m.Hint)
}

func (m DeleteManyModel) model() (operation.BulkWriteModel, error) {
	return deleteModel(operation.DeleteMany, m.Filter, m.Collation, m.Hint)
}

func updateModel(kind operation.BulkWriteKind, filter, update, arrayFilters, collation, hint, sort any, upsert bool) (operation.BulkWriteModel, error) {
	bm := operation.BulkWriteModel{Kind: kind, Upsert: upsert}
	var err error
	if bm.Update, err = updateValue(update, kind == operation.ReplaceOne); err != nil {
		return bm, err
	}
	m := marshaler{}
	bm.Filter = m.filter(filter)
	bm.ArrayFilters = m.array("arrayFilters", arrayFilters)
	bm.Collation = m.doc("collation", collation)
	bm.Hint = m.value("hint", hint)
	bm.Sort = m.doc("sort", sort)
	return bm, m.err
}

func deleteModel(kind operation.BulkWriteKind, filter, collation, hint any) (operation.BulkWriteModel, error) {
	m := marshaler{}
	bm := operation.BulkWriteModel{Kind: kind, Filter: m.filter(filter), Collation: m.doc("collation", collation), Hint: m.value("hint", hint)}
	return bm, m.err
}
