package contender

import (
	"fmt"
)

// NewRtnlxEmu is a placeholder until rtnlemu.NewMemory lands.
func NewRtnlxEmu(nsPath string) (*Rtnlx, error) {
	return nil, fmt.Errorf("rtnlx over rtnlemu: rtnlemu.NewMemory is not there yet")
}
