import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Marked } from 'marked';

export const DOCS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../docs',
);

const markdown = new Marked({ gfm: true });

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Maps a URL under /docs to a Markdown file inside DOCS_DIR, or undefined if it leaves it. */
export function resolveDocFile(urlPath: string): string | undefined {
  const relative = decodeURIComponent(urlPath.replace(/^\/docs\/?/, ''));
  const withFile = relative === '' || relative.endsWith('/') ? `${relative}index.md` : relative;
  const file = path.resolve(DOCS_DIR, withFile.endsWith('.md') ? withFile : `${withFile}.md`);
  return file.startsWith(`${DOCS_DIR}${path.sep}`) ? file : undefined;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Harshit Metrics docs</title>
<style>
  :root { color-scheme: light dark; --fg: #1c2230; --muted: #5b6475; --bg: #fff; --code: #f3f4f7; --accent: #4f46e5; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6e8ee; --muted: #9aa3b5; --bg: #11141b; --code: #1c212c; --accent: #8b87ff; } }
  body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.6 system-ui, sans-serif; }
  header { border-bottom: 1px solid color-mix(in srgb, var(--fg) 12%, transparent); padding: 12px 24px; }
  header a { color: var(--fg); font-weight: 600; text-decoration: none; }
  main { max-width: 820px; margin: 0 auto; padding: 24px; }
  a { color: var(--accent); }
  code, pre { background: var(--code); border-radius: 6px; font-size: 0.9em; }
  code { padding: 0.1em 0.35em; }
  pre { padding: 12px 16px; overflow-x: auto; }
  pre code { padding: 0; background: none; }
  table { border-collapse: collapse; display: block; overflow-x: auto; }
  th, td { border: 1px solid color-mix(in srgb, var(--fg) 15%, transparent); padding: 6px 10px; text-align: left; vertical-align: top; }
</style></head>
<body><header><a href="/docs/">Harshit Metrics · Documentation</a></header>
<main>${body}</main></body></html>`;
}

/** Serves the Markdown files of `docs/` as HTML pages under `/docs`. */
export async function docsRoutes(app: FastifyInstance) {
  app.get('/docs', async (_request, reply) => reply.redirect('/docs/'));

  app.get('/docs/*', async (request, reply) => {
    const file = resolveDocFile(request.url.split('?')[0] ?? '');
    const source = file ? await fs.readFile(file, 'utf8').catch(() => undefined) : undefined;
    if (source === undefined) {
      return reply.status(404).type('text/html').send(page('Not found', '<h1>Not found</h1>'));
    }
    const title = /^#\s+(.+)$/m.exec(source)?.[1] ?? 'Documentation';
    const body = await markdown.parse(source);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(page(title, body));
  });
}
