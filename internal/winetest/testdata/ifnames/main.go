// Command ifnames prints the names of the network interfaces Go's net
// package sees, one per line: the harness's own test runs it under Wine.
package main

import (
	"fmt"
	"net"
	"os"
)

func main() {
	ifs, err := net.Interfaces()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, i := range ifs {
		fmt.Println(i.Name)
	}
}
