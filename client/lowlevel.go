package client

import "github.com/cwal-go/cwal/operation"

// ReadExecOptions returns the operation.ExecOptions with which the
// collection's own read methods run: its read preference and read
// concern, the client's retryReads and command monitor. With
// Client.Deployment they run a command of the operation package (one this
// package has no helper for, such as the deprecated count) exactly as the
// collection would.
func (c *Collection) ReadExecOptions() operation.ExecOptions {
	eo := c.st.readOpts()
	eo.Monitor = c.client.monitor
	return eo
}

// WriteExecOptions returns the operation.ExecOptions with which the
// collection's own write methods run: its write concern, the client's
// retryWrites and command monitor (see ReadExecOptions).
func (c *Collection) WriteExecOptions() operation.ExecOptions {
	eo := c.st.writeOpts()
	eo.Monitor = c.client.monitor
	return eo
}
