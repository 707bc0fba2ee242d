package main

import (
	"context"
	"errors"
)

// runSQL is a placeholder until its owner implements it.
func runSQL(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
