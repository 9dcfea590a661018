import type { LoggerOptions } from 'pino';
import type { Config } from './config.ts';

/** Headers and fields that carry credentials; pino replaces their values before writing. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.apiKey',
];

/**
 * Logged URLs keep their path only: query strings carry beacon API keys (`?apiKey=`) and
 * share tokens, and a URL is never worth a leaked secret.
 */
export function pathOnly(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

interface LoggedRequest {
  method: string;
  url: string;
  id: string;
}

export function loggerOptions(config: Pick<Config, 'logLevel'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // IPs, user agents and headers are personal data or secrets: never in the request log.
      req: (request: LoggedRequest) => ({
        id: request.id,
        method: request.method,
        url: pathOnly(request.url),
      }),
    },
  };
}
