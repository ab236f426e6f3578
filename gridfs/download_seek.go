package gridfs

import (
	"fmt"
	"io"
)

// Seek sets the offset of the next Read (io.Seeker), relative to the
// start, the current offset or the end of the file; it returns the new
// offset. An offset outside the file is refused with ErrInvalidArgument.
// Moving drops the chunk cursor: the next Read queries the chunks from
// the one holding the offset, so a partial read fetches only what it
// needs. A stream ended by an error may seek back before the error.
func (s *DownloadStream) Seek(offset int64, whence int) (int64, error) {
	if s.done {
		return 0, ErrStreamClosed
	}
	target := offset
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		target += s.pos
	case io.SeekEnd:
		target += s.file.Length
	default:
		return s.pos, fmt.Errorf("%w: whence %d", ErrInvalidArgument, whence)
	}
	if target < 0 || target > s.file.Length {
		return s.pos, fmt.Errorf("%w: offset %d outside a file of %d bytes", ErrInvalidArgument, target, s.file.Length)
	}
	if target == s.pos {
		return s.pos, nil
	}
	s.release()
	s.chunk, s.err, s.pos = nil, nil, target
	if target == s.file.Length {
		s.next, s.skip = s.count, 0
		return target, nil
	}
	size := int64(s.file.ChunkSize)
	s.next, s.skip = target/size, int(target%size)
	return target, nil
}

var _ io.ReadSeekCloser = (*DownloadStream)(nil)
