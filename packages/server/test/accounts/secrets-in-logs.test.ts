import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { call, cookieFrom } from './http.ts';

let harness: TestApp;

beforeAll(async () => {
  harness = await startTestApp({ captureLogs: true });
});

afterAll(async () => {
  await harness.close();
});

it('writes no password, cookie, API key or token to the log, even at debug', async () => {
  const { app } = harness;
  const password = 'a very secret passphrase';
  const signUp = await call(app, 'POST', '/api/auth/sign-up/email', {
    body: { email: 'logs@example.com', password },
  });
  const cookie = cookieFrom(signUp);
  const as = { cookie };
  await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email: 'logs@example.com', password: 'a wrong passphrase' },
  });
  const project = await call(app, 'POST', '/api/projects', { as, body: { name: 'Logged' } });
  const token = await call(app, 'POST', '/api/tokens', { as, body: { label: 'Logged' } });
  await call(app, 'GET', '/api/me', { as: { token: token.json().token } });
  await call(app, 'GET', '/api/me', { as: { token: `hmt_${'0'.repeat(48)}` } });

  const logs = harness.logs.join('');

  expect(logs.length).toBeGreaterThan(0);
  for (const secret of [
    password,
    'a wrong passphrase',
    cookie.split('=')[1]!,
    project.json().apiKey,
    token.json().token,
    `hmt_${'0'.repeat(48)}`,
  ]) {
    expect(logs).not.toContain(secret);
  }
});
