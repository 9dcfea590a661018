import fs from 'node:fs';
import path from 'node:path';

/** Where `npm run build` in packages/dashboard writes the SPA. */
export const DASHBOARD_DIST = path.resolve(import.meta.dirname, '../../../dashboard/dist');

const BOOT_MARKER = '<!--hm-boot-->';

/**
 * JSON that is safe inside a `<script type="application/json">`: no `<` can close the tag or
 * open a comment, and the two line separators JavaScript once rejected are escaped too.
 */
export function serializeBootData(data: unknown): string {
  return JSON.stringify(data)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** The built `index.html`, read once; undefined when the dashboard has not been built. */
export class HtmlShell {
  private template: string | undefined;

  constructor(private readonly distDir: string = DASHBOARD_DIST) {}

  get built(): boolean {
    return this.load() !== undefined;
  }

  private load(): string | undefined {
    if (this.template === undefined) {
      try {
        this.template = fs.readFileSync(path.join(this.distDir, 'index.html'), 'utf8');
      } catch {
        return undefined;
      }
    }
    return this.template;
  }

  /** The page with `data` inlined for the first paint. */
  render(data: unknown): string | undefined {
    const template = this.load();
    if (template === undefined) return undefined;
    const script = `<script id="hm-boot" type="application/json">${serializeBootData(data)}</script>`;
    return template.replace(BOOT_MARKER, script);
  }
}

export const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Harshit Metrics</title>
<p style="font-family:system-ui;margin:3rem auto;max-width:36rem">The dashboard has not been built.
Run <code>npm run build</code> (or <code>npm install</code>, which builds it) and restart the server.
The API is running.</p>`;

export function notFoundPage(message: string): string {
  return `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Not found · Harshit Metrics</title>
<div style="font-family:system-ui;margin:20vh auto;max-width:28rem;text-align:center;color:#344054">
<h1 style="font-size:20px">${message}</h1><p><a href="/" style="color:#4f46e5">Go to Harshit Metrics</a></p></div>`;
}
