package client

import (
	"context"
	"errors"

	"github.com/cwal-go/cwal/operation"
)

// codeNamespaceNotFound is the server's NamespaceNotFound.
const codeNamespaceNotFound = 26

// Drop drops the collection; dropping one that does not exist succeeds.
func (c *Collection) Drop(ctx context.Context) error {
	err := c.client.execute(ctx, &operation.Drop{DB: c.db, Collection: c.name}, c.st.writeOpts())
	if isNamespaceNotFound(err) {
		return nil
	}
	return err
}

// isNamespaceNotFound reports the error the CRUD and index management
// specifications ask drivers to ignore on drop and listIndexes.
func isNamespaceNotFound(err error) bool {
	return err != nil && errors.Is(err, operation.ServerError{Code: codeNamespaceNotFound})
}
