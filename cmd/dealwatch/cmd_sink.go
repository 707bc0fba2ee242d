package main

import (
	"context"
	"errors"
)

// runSink is a placeholder until its owner implements it.
func runSink(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
