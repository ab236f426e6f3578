package connstring

import (
	"strings"
)

// userinfo is the decoded "user[:password]" part of a URI.
type userinfo struct {
	username    string
	password    string
	passwordSet bool
}

// parseUserinfo validates and decodes the text before the last "@". Error
// texts never quote the input: it holds the password.
func parseUserinfo(s string) (userinfo, error) {
	if strings.IndexByte(s, '@') >= 0 {
		return userinfo{}, syntaxErr("userinfo", "username and password must be percent-encoded: unescaped '@'")
	}
	if strings.Count(s, ":") > 1 {
		return userinfo{}, syntaxErr("userinfo", "username and password must be percent-encoded: more than one ':'")
	}
	for i := 0; i < len(s); i++ {
		if !userinfoByte(s[i]) {
			return userinfo{}, syntaxErr("userinfo", "username and password must be percent-encoded: character not allowed in userinfo")
		}
	}
	user, pass, hasPass := strings.Cut(s, ":")
	var ui userinfo
	var ok bool
	if ui.username, ok = unescape(user); !ok {
		return userinfo{}, syntaxErr("userinfo", "username must be percent-encoded: invalid '%' escape")
	}
	if ui.password, ok = unescape(pass); !ok {
		return userinfo{}, syntaxErr("userinfo", "password must be percent-encoded: invalid '%' escape")
	}
	ui.passwordSet = hasPass
	return ui, nil
}

// userinfoByte follows RFC 3986 "userinfo" for ASCII (unreserved, sub-delims,
// ":" and "%" of pct-encoded); bytes of non-ASCII UTF-8 are let through
// because the spec allows non-ASCII connection strings.
func userinfoByte(c byte) bool {
	return isUnreserved(c) || c >= 0x80 || strings.IndexByte("!$&'()*+,;=:%", c) >= 0
}
