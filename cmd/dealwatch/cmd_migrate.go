package main

import (
	"context"
	"errors"
)

// runMigrate is a placeholder until its owner implements it.
func runMigrate(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
