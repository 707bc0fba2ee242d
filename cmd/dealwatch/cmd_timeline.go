package main

import (
	"context"
	"errors"
)

// runTimeline is a placeholder until its owner implements it.
func runTimeline(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
