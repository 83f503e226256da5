package netinfo

import "github.com/rtnlx/rtnlx/internal/linux"

// Family is an address family. Its values are Linux's AF_* numbers on
// every OS, because the RTNL wire format carries them.
type Family uint8

// Address families.
const (
	FamilyAll    Family = linux.AF_UNSPEC // both families
	FamilyInet   Family = linux.AF_INET
	FamilyInet6  Family = linux.AF_INET6
	FamilyBridge Family = linux.AF_BRIDGE // bridge FDB neighbours
)

// String prints iproute2's word: inet, inet6, bridge, or the number.
func (f Family) String() string {
	switch f {
	case FamilyAll:
		return "unspec"
	case FamilyInet:
		return "inet"
	case FamilyInet6:
		return "inet6"
	case FamilyBridge:
		return "bridge"
	}
	return itoa(uint64(f))
}
