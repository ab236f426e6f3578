package unified

import (
	"encoding/json"
	"regexp"
	"strconv"
)

// kmsProviderName matches provider keys such as "aws" or "aws:name1".
var kmsProviderName = regexp.MustCompile(`^(aws|azure|gcp|kmip|local)(:[a-zA-Z0-9_]+)?$`)

// kmsFields lists the credential fields each provider type accepts.
var kmsFields = map[string][]string{
	"aws":   {"accessKeyId", "secretAccessKey", "sessionToken"},
	"azure": {"tenantId", "clientId", "clientSecret", "identityPlatformEndpoint"},
	"gcp":   {"email", "privateKey", "endpoint"},
	"kmip":  {"endpoint"},
	"local": {"key"},
}

// checkKMSProviders validates a kmsProviders document: known provider
// names, known credential fields, and each value a string or a
// {$$placeholder: ...} document.
func checkKMSProviders(d *decoder, path string, raw json.RawMessage) {
	o := d.object(path, raw)
	for name, body := range o.m {
		o.known[name] = true
		m := kmsProviderName.FindStringSubmatch(name)
		if m == nil {
			d.failf(path, "unknown KMS provider %q", name)
			continue
		}
		checkKMSProvider(d, path+"."+name, body, kmsFields[m[1]])
	}
}

func checkKMSProvider(d *decoder, path string, raw json.RawMessage, fields []string) {
	p := d.object(path, raw)
	for _, f := range fields {
		v, ok := p.raw(f)
		if !ok {
			continue
		}
		if jsonKind(v) == '"' {
			continue
		}
		ph := d.object(p.at(f), v)
		ph.require("$$placeholder")
		ph.allow("$$placeholder")
		ph.close()
	}
	p.close()
}

func itoa(i int) string { return strconv.Itoa(i) }
