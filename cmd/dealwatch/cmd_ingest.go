package main

import (
	"context"
	"errors"
)

// runIngest is a placeholder until its owner implements it.
func runIngest(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
