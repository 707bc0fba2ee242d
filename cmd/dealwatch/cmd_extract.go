package main

import (
	"context"
	"errors"
)

// runExtract is a placeholder until its owner implements it.
func runExtract(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
