import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

const SDK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sdk');
export const SDK_SCRIPT_FILE = path.join(SDK_DIR, 'dist/harshit-metrics.min.js');

/** `/sdk.js` may change with any upgrade; five minutes keeps upgrades quick to reach pages. */
const LATEST_CACHE_CONTROL = 'public, max-age=300';
/** A versioned URL never changes its content. */
const VERSIONED_CACHE_CONTROL = 'public, max-age=31536000, immutable';

interface SdkScript {
  version: string;
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  brotli: Buffer;
}

/** The built script-tag SDK, compressed once; undefined until `npm run build` produced it. */
function loadScript(): SdkScript | undefined {
  let identity: Buffer;
  try {
    identity = fs.readFileSync(SDK_SCRIPT_FILE);
  } catch {
    return undefined;
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(SDK_DIR, 'package.json'), 'utf8'));
  return {
    version,
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
    identity,
    gzip: zlib.gzipSync(identity, { level: 9 }),
    brotli: zlib.brotliCompressSync(identity),
  };
}

function send(request: FastifyRequest, reply: FastifyReply, script: SdkScript, cache: string) {
  reply
    .header('content-type', 'application/javascript; charset=utf-8')
    .header('cache-control', cache)
    .header('etag', script.etag)
    .header('vary', 'accept-encoding')
    .header('access-control-allow-origin', '*')
    .header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === script.etag) return reply.status(304).send();
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(script.brotli);
  if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(script.gzip);
  return reply.send(script.identity);
}

/**
 * The script-tag SDK: `/sdk.js` (the latest, cached briefly) and `/sdk/v<version>.js` (cached
 * for a year). A page configures it with `data-` attributes; see docs/sdk/installation.md.
 */
export async function sdkRoutes(app: FastifyInstance) {
  let script: SdkScript | undefined;
  const built = () => {
    script ??= loadScript();
    if (!script) {
      throw new AppError('not_found', {
        message: 'The SDK script is not built; run `npm run build`',
      });
    }
    return script;
  };

  app.get('/sdk.js', async (request, reply) => send(request, reply, built(), LATEST_CACHE_CONTROL));

  app.get<{ Params: { version: string } }>('/sdk/:version', async (request, reply) => {
    const current = built();
    if (request.params.version !== `v${current.version}.js`) throw new AppError('not_found');
    return send(request, reply, current, VERSIONED_CACHE_CONTROL);
  });
}
