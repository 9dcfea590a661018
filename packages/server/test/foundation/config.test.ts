import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_API_KEY_PEPPER, loadConfig } from '../../src/config.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({});

    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.appBaseUrl).toBe('http://localhost:3000');
    expect(config.trustProxy).toBe(false);
    expect(config.logLevel).toBe('info');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('flags the default pepper so the server can warn about it', () => {
    expect(loadConfig({}).usingDefaultPepper).toBe(true);
    expect(loadConfig({ API_KEY_PEPPER: DEFAULT_API_KEY_PEPPER }).usingDefaultPepper).toBe(true);
    expect(loadConfig({ API_KEY_PEPPER: 'a-real-secret' }).usingDefaultPepper).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc', /PORT="abc": expected a whole number from 0 to 65535/],
    ['PORT', '70000', /PORT="70000": expected a whole number/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud": expected one of fatal, error/],
    [
      'APP_BASE_URL',
      'example.com',
      /APP_BASE_URL="example.com": expected an absolute http\(s\) URL/,
    ],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY="maybe": expected true, false, a number of hops/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL="mysql:\/\/x": expected a PostgreSQL URL/],
  ])('rejects %s=%s with a sentence naming the variable', (name, value, message) => {
    expect(problemsOf({ [name]: value }).join('\n')).toMatch(message);
  });

  it('reports every bad value at once', () => {
    const problems = problemsOf({ PORT: '-1', LOG_LEVEL: 'x', TRUST_PROXY: 'nope' });

    expect(problems).toHaveLength(3);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('strips a trailing slash from APP_BASE_URL', () => {
    expect(loadConfig({ APP_BASE_URL: 'https://m.example.com/' }).appBaseUrl).toBe(
      'https://m.example.com',
    );
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});
