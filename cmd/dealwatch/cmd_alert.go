package main

import (
	"context"
	"errors"
)

// runAlert is a placeholder until its owner implements it.
func runAlert(ctx context.Context, env *cliEnv, args []string) error {
	return errors.New("not implemented yet")
}
