package rtnlemu

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind: monitors and
// Memory's Monitor must end on LeaveGroup and Close.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
