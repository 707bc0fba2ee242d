package main

import (
	"context"
	"errors"
)

// runExtractWorker is a placeholder until its owner implements it.
func runExtractWorker(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
