package wire

import (
	"encoding/binary"
)

// ParseMsg parses one whole OP_MSG, header included, as returned by
// ReadMessage. It checks the framing of every section and document (lengths
// within bounds, final 0x00; contents are left to bson), exactly one body,
// unique sequence identifiers, the required flag bits, and the checksum when
// one is present. It does not copy: the Msg refers to msg.
func ParseMsg(msg []byte) (Msg, error) {
	h, err := parseFrame(msg, OpMsg)
	if err != nil {
		return Msg{}, err
	}
	if len(msg) < HeaderLen+4 {
		return Msg{}, errf(ErrTruncated, HeaderLen, "flagBits", "message ends before its flags")
	}
	flags := MsgFlags(binary.LittleEndian.Uint32(msg[HeaderLen:]))
	if err := checkFlags(flags, HeaderLen); err != nil {
		return Msg{}, err
	}
	const first = HeaderLen + 4
	end := len(msg)
	if flags&ChecksumPresent != 0 {
		if end-first < 4 {
			return Msg{}, errf(ErrTruncated, first, "checksum", "checksumPresent is set but the message has no room for it")
		}
		if err := checkChecksum(msg); err != nil {
			return Msg{}, err
		}
		end -= 4
	}
	body, nseq, err := scanSections(msg, first, end)
	if err != nil {
		return Msg{}, err
	}
	return Msg{Header: h, Flags: flags, Body: body, sections: msg[first:end:end], nseq: nseq}, nil
}

// checkFlags rejects required flag bits (the low 16) that are not defined.
func checkFlags(flags MsgFlags, off int) error {
	if unknown := flags & requiredFlagBits &^ knownFlagBits; unknown != 0 {
		return errf(ErrUnsupported, off, "flagBits", "unknown required bits 0x%04x", uint32(unknown))
	}
	return nil
}

// scanSections checks the sections in msg[off:end] and returns the body
// document and the number of document sequences.
func scanSections(msg []byte, off, end int) ([]byte, int, error) {
	if off >= end {
		return nil, 0, errf(ErrMalformed, off, "sections", "no sections; an OP_MSG needs a body section")
	}
	var body []byte
	var ids idSet
	for off < end {
		switch kind := msg[off]; kind {
		case sectionBody:
			n, err := docAt(msg, off+1, end, "body document")
			if err != nil {
				return nil, 0, err
			}
			if body != nil {
				return nil, 0, errf(ErrMalformed, off, "section kind", "a second body section (kind 0)")
			}
			body = msg[off+1 : off+1+n : off+1+n]
			off += 1 + n
		case sectionSequence:
			n, err := scanSequence(msg, off, end, &ids)
			if err != nil {
				return nil, 0, err
			}
			off += n
		default:
			return nil, 0, errf(ErrUnsupported, off, "section kind", "unknown kind %d", kind)
		}
	}
	if body == nil {
		return nil, 0, errf(ErrMalformed, end, "sections", "no body section (kind 0)")
	}
	return body, ids.n, nil
}

// scanSequence checks the kind-1 section at msg[off] and returns its length
// including the kind byte.
func scanSequence(msg []byte, off, end int, ids *idSet) (int, error) {
	p := off + 1
	if end-p < 4 {
		return 0, errf(ErrTruncated, p, "sequence size", "%d bytes left, need 4", end-p)
	}
	size := int(int32(binary.LittleEndian.Uint32(msg[p:])))
	if size < 5 {
		return 0, errf(ErrMalformed, p, "sequence size", "%d is less than 5 (the size and an empty identifier)", size)
	}
	if size > end-p {
		return 0, errf(ErrTruncated, p, "sequence size", "%d overruns the %d bytes left", size, end-p)
	}
	secEnd := p + size
	idStart := p + 4
	idEnd := idStart
	for idEnd < secEnd && msg[idEnd] != 0 {
		idEnd++
	}
	if idEnd == secEnd {
		return 0, errf(ErrMalformed, idStart, "sequence identifier", "not NUL-terminated within the section")
	}
	if !ids.add(msg[idStart:idEnd]) {
		return 0, errf(ErrMalformed, idStart, "sequence identifier", "%q appears twice", msg[idStart:idEnd])
	}
	if _, err := checkDocs(msg, idEnd+1, secEnd, "sequence document"); err != nil {
		return 0, err
	}
	return 1 + size, nil
}

// idSet remembers sequence identifiers to reject duplicates. The first few
// live in an array (no allocation for real messages); a hostile message with
// many sequences spills into a map, keeping the check linear.
type idSet struct {
	small [4][]byte
	n     int
	more  map[string]struct{}
}

func (s *idSet) add(id []byte) bool {
	for _, seen := range s.small[:min(s.n, len(s.small))] {
		if string(seen) == string(id) {
			return false
		}
	}
	if s.more != nil {
		if _, dup := s.more[string(id)]; dup {
			return false
		}
	}
	if s.n < len(s.small) {
		s.small[s.n] = id
	} else {
		if s.more == nil {
			s.more = make(map[string]struct{})
		}
		s.more[string(id)] = struct{}{}
	}
	s.n++
	return true
}
