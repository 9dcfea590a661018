import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads `process.env`. Everything else receives a frozen `Config`.
 * Every bad value is reported at once, each with what was expected.
 */

export const DEFAULT_API_KEY_PEPPER = 'harshit-metrics-default-pepper';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce
  .number({ error: 'expected a whole number from 0 to 65535' })
  .int('expected a whole number from 0 to 65535')
  .min(0, 'expected a whole number from 0 to 65535')
  .max(65535, 'expected a whole number from 0 to 65535');

/**
 * `TRUST_PROXY`: `false` (default: never read `x-forwarded-for`), `true` (trust every hop),
 * a number of hops, or a comma-separated list of addresses/CIDR ranges of trusted proxies.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string[] => {
    const lower = value.toLowerCase();
    if (lower === '' || lower === 'false' || lower === '0') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(lower)) return Number(lower);
    const entries = value.split(',').map((entry) => entry.trim());
    const valid = entries.every((entry) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry));
    if (!valid) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected true, false, a number of hops, or comma-separated IPs/CIDR ranges',
      });
      return z.NEVER;
    }
    return entries;
  });

const absoluteUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'expected an absolute http(s) URL such as https://metrics.example.com',
  });

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), {
    message: 'expected a PostgreSQL URL such as postgres://user:pass@host:5432/db',
  });

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean),
);

const originList = commaList.refine(
  (origins) =>
    origins.every((origin) => URL.canParse(origin) && /^https?:$/.test(new URL(origin).protocol)),
  { message: 'expected comma-separated origins such as https://app.example.com' },
);

const positiveCount = z.coerce
  .number({ error: 'expected a whole number of at least 1' })
  .int('expected a whole number of at least 1')
  .min(1, 'expected a whole number of at least 1');

/** PEM keys pasted into one-line env files arrive with literal `\n`; restore the newlines. */
const pemKey = z
  .string()
  .transform((value) => value.replace(/\\n/g, '\n').trim())
  .refine((value) => value.includes('-----BEGIN PUBLIC KEY-----'), {
    message: 'expected a PEM public key (-----BEGIN PUBLIC KEY----- ...)',
  });
const IP_STORAGE_MODES = ['anonymised', 'full', 'none'] as const;
const BOT_FILTERS = ['crawlers', 'strict', 'off'] as const;

const perSecond = z.coerce
  .number({ error: 'expected a whole number of requests per second (0 turns the limit off)' })
  .int('expected a whole number of requests per second (0 turns the limit off)')
  .min(0, 'expected a whole number of requests per second (0 turns the limit off)');

/** Ingestion settings (see docs/ingestion.md); kept together so the section reads as one. */
const ingestEnv = {
  IP_STORAGE: z
    .enum(IP_STORAGE_MODES, { error: `expected one of ${IP_STORAGE_MODES.join(', ')}` })
    .default('anonymised'),
  BOT_FILTER: z
    .enum(BOT_FILTERS, { error: `expected one of ${BOT_FILTERS.join(', ')}` })
    .default('crawlers'),
  RATE_LIMIT_KEY_PER_SECOND: perSecond.default(1000),
  RATE_LIMIT_IP_PER_SECOND: perSecond.default(100),
  GEOIP_DATABASE: z.string().trim().min(1, 'expected the path of an .mmdb file').optional(),
  INGEST_BUFFER_EVENTS: z.coerce
    .number({ error: 'expected a whole number of events, at least 100' })
    .int('expected a whole number of events, at least 100')
    .min(100, 'expected a whole number of events, at least 100')
    .default(500_000),
};

export interface IngestConfig {
  /** How the client IP is stored: `anonymised` (IPv4 /24, IPv6 /48), `full` or `none`. */
  readonly ipStorage: (typeof IP_STORAGE_MODES)[number];
  /** `crawlers` drops self-declared crawlers; `strict` also HTTP libraries and headless browsers. */
  readonly botFilter: (typeof BOT_FILTERS)[number];
  /** Requests per second allowed per API key and per client IP; 0 turns a limit off. */
  readonly rateLimitKeyPerSecond: number;
  readonly rateLimitIpPerSecond: number;
  /** An .mmdb country or city database replacing the bundled DB-IP country database. */
  readonly geoipDatabase: string | undefined;
  /** Events waiting for a commit before new requests are answered 503. */
  readonly bufferEvents: number;
}

const envSchema = z.object({
  ...ingestEnv,
  PORT: port.default(3000),
  HOST: z.string().trim().min(1, 'expected a host name or address').default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1, 'expected a directory path').default('./data'),
  API_KEY_PEPPER: z.string().min(1, 'expected a non-empty secret').optional(),
  APP_BASE_URL: absoluteUrl.optional(),
  TRUST_PROXY: trustProxy.default(false),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  DATABASE_URL: postgresUrl.optional(),
  AUTH_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  AUTH_PROVIDER: z
    .enum(['builtin', 'clerk'], { error: 'expected builtin or clerk' })
    .default('builtin'),
  SIGNUP: z.enum(['open', 'closed'], { error: 'expected open or closed' }).optional(),
  TRUSTED_ORIGINS: originList.optional(),
  SIGNIN_ATTEMPTS_PER_EMAIL: positiveCount.default(10),
  SIGNIN_ATTEMPTS_PER_IP: positiveCount.default(100),
  CLERK_SECRET_KEY: z.string().trim().min(1).optional(),
  CLERK_PUBLISHABLE_KEY: z.string().trim().min(1).optional(),
  CLERK_JWT_KEY: pemKey.optional(),
  CLERK_AUTHORIZED_PARTIES: originList.optional(),
});

type EnvInput = Record<string, string | undefined>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly apiKeyPepper: string;
  /** True when `API_KEY_PEPPER` was not set or left at the published default. */
  readonly usingDefaultPepper: boolean;
  readonly appBaseUrl: string;
  readonly trustProxy: boolean | number | string[];
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly databaseUrl: string | undefined;
  /** Secret for signing sessions; when unset, one is generated and kept in `DATA_DIR`. */
  readonly authSecret: string | undefined;
  /** Who signs people in: built-in accounts (better-auth) or Clerk session tokens. */
  readonly authProvider: 'builtin' | 'clerk';
  /**
   * Public sign-up: `open`, `closed`, or `undefined` for the default (open until the first
   * account exists, then closed).
   */
  readonly signup: 'open' | 'closed' | undefined;
  /** Origins, besides `APP_BASE_URL` and the request's own host, allowed to send mutations. */
  readonly trustedOrigins: readonly string[];
  /** Sign-in attempts allowed per email and per client IP in each 15-minute window. */
  readonly signInAttemptsPerEmail: number;
  readonly signInAttemptsPerIp: number;
  readonly clerk: {
    readonly secretKey: string | undefined;
    readonly publishableKey: string | undefined;
    /** PEM public key: verifies session tokens without a network call. */
    readonly jwtKey: string | undefined;
    /** Allowed `azp` claims; defaults to the origin of `APP_BASE_URL`. */
    readonly authorizedParties: readonly string[];
  };
  readonly ingest: IngestConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Drops empty strings so that `PORT=` means "use the default", as shells tend to produce. */
function withoutEmpty(env: EnvInput): EnvInput {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}

export function loadConfig(env: EnvInput = process.env): Config {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const values = parsed.data;
  if (values.AUTH_PROVIDER === 'clerk' && !values.CLERK_JWT_KEY && !values.CLERK_SECRET_KEY) {
    throw new ConfigError([
      'AUTH_PROVIDER="clerk": expected CLERK_JWT_KEY (networkless verification) or CLERK_SECRET_KEY',
    ]);
  }
  const appBaseUrl = (values.APP_BASE_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, '');
  const pepper = values.API_KEY_PEPPER ?? DEFAULT_API_KEY_PEPPER;
  return Object.freeze({
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.DATA_DIR),
    apiKeyPepper: pepper,
    usingDefaultPepper: pepper === DEFAULT_API_KEY_PEPPER,
    appBaseUrl,
    trustProxy: values.TRUST_PROXY,
    logLevel: values.LOG_LEVEL,
    databaseUrl: values.DATABASE_URL,
    authSecret: values.AUTH_SECRET,
    authProvider: values.AUTH_PROVIDER,
    signup: values.SIGNUP,
    trustedOrigins: Object.freeze((values.TRUSTED_ORIGINS ?? []).map((url) => new URL(url).origin)),
    signInAttemptsPerEmail: values.SIGNIN_ATTEMPTS_PER_EMAIL,
    signInAttemptsPerIp: values.SIGNIN_ATTEMPTS_PER_IP,
    clerk: Object.freeze({
      secretKey: values.CLERK_SECRET_KEY,
      publishableKey: values.CLERK_PUBLISHABLE_KEY,
      jwtKey: values.CLERK_JWT_KEY,
      authorizedParties: Object.freeze(
        (values.CLERK_AUTHORIZED_PARTIES ?? [appBaseUrl]).map((url) => new URL(url).origin),
      ),
    }),
    ingest: Object.freeze({
      ipStorage: values.IP_STORAGE,
      botFilter: values.BOT_FILTER,
      rateLimitKeyPerSecond: values.RATE_LIMIT_KEY_PER_SECOND,
      rateLimitIpPerSecond: values.RATE_LIMIT_IP_PER_SECOND,
      geoipDatabase: values.GEOIP_DATABASE && path.resolve(values.GEOIP_DATABASE),
      bufferEvents: values.INGEST_BUFFER_EVENTS,
    }),
  });
}
