package main

import (
	"context"
	"errors"
)

// runGraph is a placeholder until its owner implements it.
func runGraph(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
