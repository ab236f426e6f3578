package auth

// SetNonce makes a's SCRAM conversations use f for the client nonce, so
// tests can replay the RFC conversations. Call it before the first
// conversation.
func SetNonce(a *Authenticator, f func() string) { a.nonce = f }

// CachedSCRAMClient returns the cached SCRAM client of mech (nil when
// none) as an opaque value, to check that conversations share it and so
// its key cache.
func CachedSCRAMClient(a *Authenticator, mech string) any {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c := a.scram[mech]; c != nil {
		return c
	}
	return nil
}
