package main

import (
	"context"
	"errors"
)

// runCrawl is a placeholder until its owner implements it.
func runCrawl(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
