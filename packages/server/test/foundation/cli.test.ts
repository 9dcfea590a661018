import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetaStore } from '../../src/storage/meta/open.ts';
import { runCli } from '../helpers/cli.ts';
import { makeTempDir, TEST_PEPPER } from '../helpers/test-app.ts';

const dataDir = makeTempDir('hm-cli-');
const env = { DATA_DIR: dataDir, API_KEY_PEPPER: TEST_PEPPER };
const email = 'owner@example.com';

async function cliJson(args: string[]) {
  const result = await runCli([...args, '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the CLI bootstraps an installation without the UI', { timeout: 120_000 }, () => {
  let userId: string;
  let projectId: string;
  let secondKeyId: string;

  beforeAll(async () => {
    ({ userId } = await cliJson([
      'users',
      'create',
      '--email',
      email,
      '--password',
      'pass-word-1',
    ]));
    ({ projectId } = await cliJson(['projects', 'create', '--owner', email, '--name', 'Blog']));
    ({ id: secondKeyId } = await cliJson([
      'keys',
      'create',
      '--project',
      projectId,
      '--label',
      'Staging',
    ]));
  }, 240_000);

  it('creates a user and prints its id', () => {
    expect(userId).toEqual(expect.any(String));
  });

  it('lists the Default key and the second key by preview, never the raw key', async () => {
    const { keys } = await cliJson(['keys', 'list', '--project', projectId]);

    expect(keys.map((key: { label: string }) => key.label).sort()).toEqual(['Default', 'Staging']);
    expect(JSON.stringify(keys)).not.toMatch(/mtr_[0-9a-f]{48}/);
    expect(keys[0].keyPreview).toMatch(/^mtr_[0-9a-f]{4}\.\.\.[0-9a-f]{4}$/);
  });

  it('revokes a key, and the revocation is in the store', async () => {
    const revoked = await cliJson(['keys', 'revoke', '--project', projectId, '--key', secondKeyId]);

    const meta = await openMetaStore({ dataDir });
    const stored = await meta.getApiKey(projectId, secondKeyId);
    await meta.close();
    expect(revoked.revokedAt).toEqual(stored?.revokedAt);
    expect(stored?.revokedAt).not.toBeNull();
  });

  it('mints a personal access token stored only as a hash', async () => {
    const { token, id } = await cliJson(['tokens', 'create', '--email', email]);

    const meta = await openMetaStore({ dataDir });
    const tokens = await meta.listAccessTokens(userId);
    await meta.close();
    expect(token).toMatch(/^hmt_[0-9a-f]{48}$/);
    expect(tokens.map((record) => record.id)).toContain(id);
    expect(fs.readFileSync(`${dataDir}/meta.sqlite`).includes(Buffer.from(token))).toBe(false);
  });

  it('refuses a second account with the same email', async () => {
    const result = await runCli(
      ['users', 'create', '--email', email, '--password', 'pass-word-1'],
      env,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`harshit-metrics: A user with email ${email} already exists\n`);
  });
});

describe('the CLI explains bad input in one sentence', { timeout: 120_000 }, () => {
  it.each([
    [['keys', 'list', '--project', 'x', '--bogus'], /unknown option '--bogus'/],
    [['keys', 'list'], /required option '--project <id>' not specified/],
    [['projects', 'create', '--owner', 'nobody@example.com', '--name', 'X1'], /No user with email/],
    [['keys', 'list', '--project', 'ffffffffffffffffffffffff'], /No project with id/],
    [['users', 'create', '--email', 'not-an-email', '--password', 'pass-word-1'], /not an email/],
  ])('%j', async (args, message) => {
    const result = await runCli(args, env);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names every malformed environment value', async () => {
    const result = await runCli(['projects', 'list', '--owner', email], {
      ...env,
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT="eighty"/);
    expect(result.stderr).toMatch(/LOG_LEVEL="loud"/);
  });

  it('says when DATA_DIR is not a directory', async () => {
    const file = `${dataDir}/not-a-dir`;
    fs.writeFileSync(file, '');

    const result = await runCli(['projects', 'list', '--owner', email], { DATA_DIR: file });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATA_DIR .* is not a directory/);
  });
});
