package main

import (
	"context"
	"errors"
)

// runEval is a placeholder until its owner implements it.
func runEval(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
