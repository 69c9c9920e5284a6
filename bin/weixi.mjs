#!/usr/bin/env node
// The `weixi` command. Runs the TypeScript sources directly through tsx, so a clone
// needs no separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
