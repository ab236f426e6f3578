package description

// Equal reports whether s and o are equal by the SDAM "server description
// equality" rule: the same address and equal fields among those marked (=)
// on Server. Host lists are compared as sets, errors by message. RTT,
// LastUpdateTime, LastWriteDate, OpTime and the handshake-only fields do
// not count, so a routine heartbeat does not look like a change.
func (s Server) Equal(o Server) bool {
	return s.Addr == o.Addr &&
		s.Type == o.Type &&
		errorsEqual(s.Error, o.Error) &&
		s.MinWireVersion == o.MinWireVersion &&
		s.MaxWireVersion == o.MaxWireVersion &&
		s.Me == o.Me &&
		sameSet(s.Hosts, o.Hosts) &&
		sameSet(s.Passives, o.Passives) &&
		sameSet(s.Arbiters, o.Arbiters) &&
		tagsEqual(s.Tags, o.Tags) &&
		s.SetName == o.SetName &&
		ptrEqual(s.SetVersion, o.SetVersion) &&
		ptrEqual(s.ElectionID, o.ElectionID) &&
		s.Primary == o.Primary &&
		ptrEqual(s.LogicalSessionTimeoutMinutes, o.LogicalSessionTimeoutMinutes) &&
		ptrEqual(s.TopologyVersion, o.TopologyVersion) &&
		s.IsCryptd == o.IsCryptd
}

func errorsEqual(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Error() == b.Error()
}

// ptrEqual treats two nils as equal and otherwise compares the values.
func ptrEqual[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// sameSet compares host lists as sets. The lists are short (replica sets
// have at most 50 members), so the quadratic scan beats building maps.
func sameSet(a, b []string) bool {
	return subset(a, b) && subset(b, a)
}

func subset(a, b []string) bool {
outer:
	for _, x := range a {
		for _, y := range b {
			if x == y {
				continue outer
			}
		}
		return false
	}
	return true
}

func tagsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
