import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../dist/harshit-metrics.min.js',
);

describe('the script-tag build', () => {
  it('stays within 5 KB gzipped with every feature in it', () => {
    const gzipped = zlib.gzipSync(fs.readFileSync(SCRIPT), { level: 9 }).length;

    expect(gzipped).toBeLessThanOrEqual(5 * 1024);
  });

  it('leaves out what only servers and tests need', () => {
    const script = fs.readFileSync(SCRIPT, 'utf8');

    expect(script).not.toMatch(/require\(|process\.|fetchImplementation|unref/);
  });
});
