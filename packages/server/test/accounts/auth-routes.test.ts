import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { call, cookieFrom, SAME_ORIGIN } from './http.ts';

const PASSWORD = 'correct horse battery';

let harness: TestApp | undefined;

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  harness = await startTestApp({ env });
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function signUp(app: TestApp['app'], body: Record<string, unknown>) {
  return call(app, 'POST', '/api/auth/sign-up/email', { body });
}

function signIn(app: TestApp['app'], email: string, password: string, ip = '127.0.0.1') {
  return app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email, password },
    remoteAddress: ip,
  });
}

describe('sign-up, sign-in and sign-out', () => {
  it('signs up, is signed in, signs out, and signs in again', async () => {
    const { app } = await start();

    const created = await signUp(app, { email: 'Ada@Example.com', password: PASSWORD });
    const me = await call(app, 'GET', '/api/me', { as: { cookie: cookieFrom(created) } });
    const signedOut = await call(app, 'POST', '/api/auth/sign-out', {
      as: { cookie: cookieFrom(created) },
    });
    const afterSignOut = await call(app, 'GET', '/api/me', { as: { cookie: cookieFrom(created) } });
    const signedIn = await signIn(app, 'ada@example.com', PASSWORD);
    const session = await call(app, 'GET', '/api/auth/get-session', {
      as: { cookie: cookieFrom(signedIn) },
    });

    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      user: { id: expect.any(String), email: 'ada@example.com', name: 'ada' },
    });
    expect(me.json()).toMatchObject({ user: { email: 'ada@example.com' }, via: 'session' });
    expect(signedOut.statusCode).toBe(204);
    expect(afterSignOut.statusCode).toBe(401);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toEqual(created.json());
    expect(session.json()).toEqual({
      user: created.json().user,
      session: { expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
  });

  it('sets an HttpOnly, SameSite=Lax session cookie without Secure over plain HTTP', async () => {
    const { app } = await start();

    const created = await signUp(app, { email: 'a@example.com', password: PASSWORD });

    const cookie = String(created.headers['set-cookie']);
    expect(cookie).toMatch(/^hm\.session_token=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });

  it('marks the cookie Secure when APP_BASE_URL is https', async () => {
    const { app } = await start({ APP_BASE_URL: 'https://metrics.example.com' });

    const created = await signUp(app, { email: 'a@example.com', password: PASSWORD });
    const me = await call(app, 'GET', '/api/me', { as: { cookie: cookieFrom(created) } });

    const cookie = String(created.headers['set-cookie']);
    expect(cookie).toMatch(/^__Secure-hm\.session_token=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(me.statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const { app } = await start();
    await signUp(app, { email: 'a@example.com', password: PASSWORD });

    const wrongPassword = await signIn(app, 'a@example.com', 'not the password');
    const unknownEmail = await signIn(app, 'nobody@example.com', 'not the password');

    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(wrongPassword.body).toBe('{"error":"Invalid email or password"}');
    expect(unknownEmail.body).toBe(wrongPassword.body);
  });

  it('ends a session that has expired', async () => {
    const { app, ctx } = await start();
    const created = await signUp(app, { email: 'a@example.com', password: PASSWORD });
    const as = { cookie: cookieFrom(created) };
    const past = new Date(Date.now() - 60_000).toISOString();
    const before = await call(app, 'GET', '/api/me', { as });

    await sql`update session set "expiresAt" = ${past}`.execute(ctx.stores.meta.db);
    const after = await call(app, 'GET', '/api/me', { as });

    expect(before.statusCode).toBe(200);
    expect(after.statusCode).toBe(401);
  });

  it('changes the password after checking the current one', async () => {
    const { app } = await start();
    const created = await signUp(app, { email: 'a@example.com', password: PASSWORD });
    const as = { cookie: cookieFrom(created) };

    const wrong = await call(app, 'POST', '/api/auth/change-password', {
      as,
      body: { currentPassword: 'not it at all', newPassword: 'a new good password' },
    });
    const changed = await call(app, 'POST', '/api/auth/change-password', {
      as,
      body: { currentPassword: PASSWORD, newPassword: 'a new good password' },
    });
    const withOld = await signIn(app, 'a@example.com', PASSWORD);
    const withNew = await signIn(app, 'a@example.com', 'a new good password');

    expect(wrong.statusCode).toBe(400);
    expect(changed.statusCode).toBe(200);
    expect(withOld.statusCode).toBe(401);
    expect(withNew.statusCode).toBe(200);
  });
});

describe('sign-up validation', () => {
  let validationApp: TestApp | undefined;

  /** One app for the whole table: each case is refused before anything is stored. */
  async function shared(): Promise<TestApp> {
    validationApp ??= await startTestApp({ env: { SIGNUP: 'open' } });
    return validationApp;
  }

  afterAll(async () => {
    await validationApp?.close();
  });

  it.each([
    ['an invalid email', { email: 'not-an-email', password: PASSWORD }, 'email'],
    ['a short password', { email: 'a@example.com', password: 'short' }, 'password'],
    ['an over-long password', { email: 'a@example.com', password: 'x'.repeat(129) }, 'password'],
    [
      'a password that is the email',
      { email: 'a@example.com', password: 'a@example.com' },
      'password',
    ],
    [
      'an over-long name',
      { email: 'a@example.com', password: PASSWORD, name: 'n'.repeat(101) },
      'name',
    ],
    ['a password of the wrong type', { email: 'a@example.com', password: 12345678 }, 'password'],
  ])('refuses %s with 400 and details', async (_name, body, field) => {
    const { app } = await shared();

    const response = await signUp(app, body);

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('Invalid payload');
    expect(response.json().details.fieldErrors[field]).toHaveLength(1);
  });

  it('refuses unknown fields', async () => {
    const { app } = await shared();

    const response = await signUp(app, { email: 'a@example.com', password: PASSWORD, admin: true });

    expect(response.statusCode).toBe(400);
    expect(response.json().details.formErrors).toEqual(['Unrecognized key: "admin"']);
  });

  it('refuses a duplicate account with 400 on the email field', async () => {
    const { app } = await shared();
    await signUp(app, { email: 'taken@example.com', password: PASSWORD });

    const again = await signUp(app, { email: 'TAKEN@example.com', password: 'another password' });

    expect(again.statusCode).toBe(400);
    expect(again.json().details.fieldErrors.email).toEqual([
      'An account with this email already exists',
    ]);
  });
});

describe('sign-up policy', () => {
  it('is open for the first account and closed after it by default', async () => {
    const { app } = await start();

    const before = await call(app, 'GET', '/api/auth/config');
    const first = await signUp(app, { email: 'first@example.com', password: PASSWORD });
    const after = await call(app, 'GET', '/api/auth/config');
    const second = await signUp(app, { email: 'second@example.com', password: PASSWORD });

    expect(before.json()).toMatchObject({ provider: 'builtin', signUpOpen: true });
    expect(first.statusCode).toBe(201);
    expect(after.json()).toMatchObject({ signUpOpen: false });
    expect(second.statusCode).toBe(403);
    expect(second.json()).toEqual({ error: 'Sign-up is closed' });
  });

  it('stays open with SIGNUP=open', async () => {
    const { app } = await start({ SIGNUP: 'open' });
    await signUp(app, { email: 'first@example.com', password: PASSWORD });

    const second = await signUp(app, { email: 'second@example.com', password: PASSWORD });

    expect(second.statusCode).toBe(201);
  });

  it('is closed even to the first account with SIGNUP=closed', async () => {
    const { app } = await start({ SIGNUP: 'closed' });

    const first = await signUp(app, { email: 'first@example.com', password: PASSWORD });

    expect(first.statusCode).toBe(403);
  });
});

describe('sign-in throttling', () => {
  it('answers 429 with Retry-After once an account has had too many attempts', async () => {
    const { app } = await start({ SIGNIN_ATTEMPTS_PER_EMAIL: '3' });
    await signUp(app, { email: 'a@example.com', password: PASSWORD });
    for (let i = 0; i < 3; i += 1)
      await signIn(app, 'a@example.com', 'wrong password', `10.0.0.${i}`);

    const refused = await signIn(app, 'a@example.com', PASSWORD, '10.0.0.99');

    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ error: 'Too many requests' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['set-cookie']).toBeUndefined();
  });

  it('answers 429 to an address that tries too many accounts', async () => {
    const { app } = await start({ SIGNIN_ATTEMPTS_PER_IP: '3' });
    for (let i = 0; i < 3; i += 1)
      await signIn(app, `user${i}@example.com`, 'guess guess', '10.0.0.1');

    const refused = await signIn(app, 'other@example.com', 'guess guess', '10.0.0.1');
    const elsewhere = await signIn(app, 'other@example.com', 'guess guess', '10.0.0.2');

    expect(refused.statusCode).toBe(429);
    expect(elsewhere.statusCode).toBe(401);
  });
});

describe('password change throttling', () => {
  it('answers 429 once a session has guessed the current password too often', async () => {
    const { app } = await start({ SIGNIN_ATTEMPTS_PER_EMAIL: '2' });
    const created = await signUp(app, { email: 'a@example.com', password: PASSWORD });
    const as = { cookie: cookieFrom(created) };
    const guess = { currentPassword: 'a guess at it', newPassword: 'a new good password' };
    for (let i = 0; i < 2; i += 1) {
      await call(app, 'POST', '/api/auth/change-password', { as, body: guess });
    }

    const refused = await call(app, 'POST', '/api/auth/change-password', {
      as,
      body: { ...guess, currentPassword: PASSWORD },
    });

    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });
});

describe('CSRF on the auth endpoints', () => {
  it('refuses a cross-site sign-out and a cross-site sign-in', async () => {
    const { app } = await start();
    const created = await signUp(app, { email: 'a@example.com', password: PASSWORD });

    const signOut = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: cookieFrom(created), origin: 'https://evil.example' },
    });
    const signInFromElsewhere = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { origin: 'https://evil.example' },
      payload: { email: 'a@example.com', password: PASSWORD },
    });
    const stillSignedIn = await call(app, 'GET', '/api/me', {
      as: { cookie: cookieFrom(created) },
    });

    expect(signOut.statusCode).toBe(403);
    expect(signInFromElsewhere.statusCode).toBe(403);
    expect(stillSignedIn.statusCode).toBe(200);
  });

  it('accepts a sign-in from our own origin', async () => {
    const { app } = await start();
    await signUp(app, { email: 'a@example.com', password: PASSWORD });

    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { origin: SAME_ORIGIN },
      payload: { email: 'a@example.com', password: PASSWORD },
    });

    expect(response.statusCode).toBe(200);
  });
});
