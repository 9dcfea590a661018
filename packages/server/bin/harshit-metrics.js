#!/usr/bin/env node
// The server is written in TypeScript and run through tsx's loader, so there is no build step
// between editing the source and running it.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
