// Command stockade helps a small business run its privacy program from the terminal,
// offline: the FTC's five-step plan, a local PII scanner, and the records that go with them.
package main

import (
	"context"
	"os"

	"github.com/stockade/stockade/tui/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], cli.StdIO()))
}
