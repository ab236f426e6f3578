package engine

import (
	"regexp"
	"strings"
	"sync"
)

// regexCache keeps compiled patterns: filters are compiled once per
// command, but expressions such as $regexMatch may see the same pattern for
// every document.
var regexCache sync.Map // pattern + "\x00" + options → *regexp.Regexp

// compileRegex translates a PCRE pattern with MongoDB options (i, m, s, x,
// u) to Go's RE2 syntax. Constructs RE2 lacks (backreferences, lookaround)
// fail with the server's "Regular expression is invalid" code.
func compileRegex(pattern, options string) (*regexp.Regexp, error) {
	key := pattern + "\x00" + options
	if re, ok := regexCache.Load(key); ok {
		return re.(*regexp.Regexp), nil
	}
	if strings.IndexByte(pattern, 0) >= 0 {
		return nil, badValue("Regular expression cannot contain an embedded null byte")
	}
	flags := ""
	for _, c := range options {
		switch c {
		case 'i', 'm', 's':
			if !strings.ContainsRune(flags, c) {
				flags += string(c)
			}
		case 'x':
			pattern = stripExtended(pattern)
		case 'u':
		default:
			return nil, errorf(51108, "invalid flag in regex options: %c", c)
		}
	}
	src := translatePCRE(pattern)
	if flags != "" {
		src = "(?" + flags + ")" + src
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, errorf(51091, "Regular expression is invalid: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	regexCache.Store(key, re)
	return re, nil
}

// translatePCRE rewrites the few PCRE escapes RE2 spells differently.
func translatePCRE(p string) string {
	if !strings.Contains(p, `\Z`) && !strings.Contains(p, `\h`) {
		return p
	}
	var sb strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '\\' && i+1 < len(p) {
			switch p[i+1] {
			case 'Z':
				sb.WriteString(`(?:\n?\z)`)
				i++
				continue
			case 'h':
				sb.WriteString(`[\t ]`)
				i++
				continue
			}
			sb.WriteByte(p[i])
			i++
		}
		sb.WriteByte(p[i])
	}
	return sb.String()
}

// stripExtended removes unescaped whitespace and #-comments outside
// character classes, as PCRE's extended mode does.
func stripExtended(p string) string {
	var sb strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			sb.WriteByte(c)
			sb.WriteByte(p[i+1])
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
			sb.WriteByte(c)
		case c == '[':
			inClass = true
			sb.WriteByte(c)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		case c == '#':
			for i < len(p) && p[i] != '\n' {
				i++
			}
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}
