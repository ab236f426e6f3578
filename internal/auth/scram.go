package auth

import (
	"crypto/md5"
	"encoding/hex"
	"errors"

	"github.com/xdg-go/scram"
	"github.com/xdg-go/stringprep"
)

// minIterations is the smallest PBKDF2 iteration count a server may ask
// for; fewer would let a man in the middle weaken the derived keys.
const minIterations = 4096

// newSCRAMClient prepares the password the way MongoDB stores it and
// returns a client for mech. User names are never SASLprepped (the server
// compares them raw). SCRAM-SHA-1 uses the hex MD5 digest of
// "user:mongo:password" as the password; SCRAM-SHA-256 uses the SASLprepped
// password.
func newSCRAMClient(mech, username, password string) (*scram.Client, error) {
	var (
		hash scram.HashGeneratorFcn
		key  string
	)
	switch mech {
	case SCRAMSHA1:
		hash, key = scram.SHA1, mongoPasswordDigest(username, password)
	case SCRAMSHA256:
		prepped, err := stringprep.SASLprep.Prepare(password)
		if err != nil {
			return nil, saslprepError(err)
		}
		hash, key = scram.SHA256, prepped
	default:
		return nil, ErrUnsupportedMechanism
	}
	c, err := hash.NewClientUnprepped(username, key, "")
	if err != nil {
		return nil, err
	}
	return c.WithMinIterations(minIterations), nil
}

// mongoPasswordDigest is HEX(MD5(username + ":mongo:" + password)), the
// password SCRAM-SHA-1 derives its keys from.
func mongoPasswordDigest(username, password string) string {
	sum := md5.Sum([]byte(username + ":mongo:" + password))
	return hex.EncodeToString(sum[:])
}

// saslprepError describes a SASLprep failure without the offending rune,
// which is a piece of the password.
func saslprepError(err error) error {
	var pe stringprep.Error
	if errors.As(err, &pe) {
		return errors.New("password cannot be prepared with SASLprep: " + pe.Msg)
	}
	return errors.New("password cannot be prepared with SASLprep")
}

// scramConversation adapts a SCRAM client conversation to saslClient.
type scramConversation struct {
	mech string
	conv *scram.ClientConversation
}

func (a *Authenticator) newSCRAM(mech string) (*scramConversation, error) {
	c, err := a.scramClient(mech)
	if err != nil {
		return nil, err
	}
	return &scramConversation{mech: mech, conv: c.NewConversation()}, nil
}

func (s *scramConversation) mechanism() string       { return s.mech }
func (s *scramConversation) skipEmptyExchange() bool { return true }

func (s *scramConversation) start() ([]byte, error) {
	msg, err := s.conv.Step("")
	return []byte(msg), err
}

func (s *scramConversation) step(challenge []byte) ([]byte, error) {
	msg, err := s.conv.Step(string(challenge))
	return []byte(msg), err
}

// done is true once the server's signature has been verified: a server
// that cannot prove it knows the password never completes a conversation.
func (s *scramConversation) done() bool { return s.conv.Done() && s.conv.Valid() }
