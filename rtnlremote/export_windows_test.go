package rtnlremote

// DialPipe is dialPipe, for the tests' hand-made clients.
var DialPipe = dialPipe
