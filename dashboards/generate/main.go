// Command generate writes dashboards/json/*.json from the dashboards
// built in Go (package dashboards); `go generate ./dashboards` runs it.
package main

import (
	"fmt"
	"os"

	"github.com/dealwatch/dealwatch/dashboards"
)

func main() {
	dir := "json"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := dashboards.Write(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
