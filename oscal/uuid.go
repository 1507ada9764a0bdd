package oscal

import (
	"crypto/sha1"
	"fmt"
	"strings"
)

// namespaceURL is RFC 9562's name space for URLs.
var namespaceURL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// vouchNS is the name space of every UUID vouch derives: the UUIDv5 of NS.
var vouchNS = uuid5(namespaceURL, NS)

// uuid5 returns the RFC 9562 version-5 (SHA-1, name-based) UUID of name in
// the name space ns.
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

func formatUUID(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// StableUUID derives the UUID of one object of a catalog from the catalog's
// own names: the company and a path of IDs ("control", "ENC-02"). The same
// catalog therefore always gets the same UUIDs, and two vendors with a
// control ENC-02 do not collide.
func StableUUID(company string, path ...string) string {
	return formatUUID(uuid5(vouchNS, strings.Join(append([]string{company}, path...), "\x00")))
}
