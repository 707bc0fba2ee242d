package main

import (
	"context"
	"errors"
)

// runAll is a placeholder until its owner implements it.
func runAll(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
