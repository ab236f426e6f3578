package mongotest

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/xdg-go/scram"
)

// SCRAM mechanism names and the iteration counts mongod uses by default.
const (
	mechSHA1      = "SCRAM-SHA-1"
	mechSHA256    = "SCRAM-SHA-256"
	itersSHA1     = 10000
	itersSHA256   = 15000
	codeMechUnav  = 334 // MechanismUnavailable
	authFailedMsg = "Authentication failed."
)

type userSpec struct {
	db, name, password string
	mechs              []string
}

// user is a configured user with the stored SCRAM credentials of each of
// its mechanisms.
type user struct {
	db, name string
	mechs    []string
	creds    map[string]scram.StoredCredentials
}

// userDB is the server's fixed set of users.
type userDB struct {
	users map[string]*user // "db.name"
}

func newUserDB(specs []userSpec) *userDB {
	u := &userDB{users: make(map[string]*user)}
	for _, sp := range specs {
		usr := &user{db: sp.db, name: sp.name, creds: make(map[string]scram.StoredCredentials)}
		for _, m := range sp.mechs {
			cred, err := storedCredentials(m, sp.name, sp.password)
			if err != nil {
				panic(fmt.Sprintf("mongotest: user %q: %v", sp.name, err))
			}
			usr.mechs = append(usr.mechs, m)
			usr.creds[m] = cred
		}
		u.users[sp.db+"."+sp.name] = usr
	}
	return u
}

// storedCredentials derives what a server stores for a password: for
// SCRAM-SHA-1 from MongoDB's MD5 password digest without SASLprep, for
// SCRAM-SHA-256 from the SASLprepped password.
func storedCredentials(mech, name, password string) (scram.StoredCredentials, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return scram.StoredCredentials{}, err
	}
	var client *scram.Client
	var err error
	iters := itersSHA256
	switch mech {
	case mechSHA1:
		sum := md5.Sum([]byte(name + ":mongo:" + password))
		client, err = scram.SHA1.NewClientUnprepped(name, hex.EncodeToString(sum[:]), "")
		iters = itersSHA1
	case mechSHA256:
		client, err = scram.SHA256.NewClient(name, password, "")
	default:
		return scram.StoredCredentials{}, fmt.Errorf("unsupported mechanism %q", mech)
	}
	if err != nil {
		return scram.StoredCredentials{}, err
	}
	return client.GetStoredCredentialsWithError(scram.KeyFactors{Salt: string(salt), Iters: iters})
}

// required reports whether commands need authentication.
func (u *userDB) required() bool { return len(u.users) > 0 }

func (u *userDB) lookup(db, name string) *user { return u.users[db+"."+name] }

// mechanisms answers hello's saslSupportedMechs "db.user"; nil for an
// unknown user.
func (u *userDB) mechanisms(dbUser string) []string {
	if usr := u.users[dbUser]; usr != nil {
		return usr.mechs
	}
	return nil
}
