package main

import (
	"context"
	"errors"
)

// runBench is a placeholder until its owner implements it.
func runBench(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
