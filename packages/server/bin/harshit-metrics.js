#!/usr/bin/env -S node --max-semi-space-size=64
// A young generation of 2 × 64 MB instead of V8's 2 × 16 MB: ingestion allocates each
// request's parsed body, records and journal lines and drops them moments later, and with the
// default the collector took 10–17% of the event loop under `npm run bench:ingest`, against
// about 5% with this (at most 96 MB more memory). Flags set once running do not resize it,
// so it is given here, where `npm start` and `npx harshit-metrics` start the process.
// The server is written in TypeScript and run through tsx's loader, so there is no build step
// between editing the source and running it.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
