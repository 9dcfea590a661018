import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HtmlShell, serializeBootData } from '../../src/web/html-shell.ts';

describe('inlined boot data', () => {
  it('cannot close its script tag or open a comment', () => {
    const text = serializeBootData({ name: '</script><script>alert(1)</script><!--' });

    expect(text).not.toMatch(/[<>]/);
    expect(JSON.parse(text)).toEqual({ name: '</script><script>alert(1)</script><!--' });
  });

  it('escapes the line separators that old JavaScript parsers rejected', () => {
    expect(serializeBootData('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
  });

  it('is placed where the built page marks it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hm-shell-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<head><!--hm-boot--></head>');

    const html = new HtmlShell(dir).render({ a: 1 });

    expect(html).toBe('<head><script id="hm-boot" type="application/json">{"a":1}</script></head>');
    fs.rmSync(dir, { recursive: true });
  });

  it('reports an unbuilt dashboard instead of throwing', () => {
    const shell = new HtmlShell(path.join(os.tmpdir(), 'hm-no-such-dist'));

    expect(shell.built).toBe(false);
    expect(shell.render({})).toBeUndefined();
  });
});
