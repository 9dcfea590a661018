import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithPassword } from '../../src/auth/users.ts';
import { createProjectWithDefaultKey } from '../../src/projects/projects.ts';
import { accessTokenFor, sessionCookieFor } from '../helpers/credentials.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { type Credential, call } from './http.ts';

/**
 * Every management endpoint, called by each kind of caller against a fresh project, must answer
 * exactly the expected status, and nothing but the caller's own data.
 */

type Actor = 'owner' | 'admin' | 'viewer' | 'other' | 'none' | 'revokedToken';
const ACTORS: Actor[] = ['owner', 'admin', 'viewer', 'other', 'none', 'revokedToken'];

interface Person {
  id: string;
  email: string;
}

interface Fixture {
  projectId: string;
  projectName: string;
  keyId: string;
  keyPreview: string;
  /** A viewer the member endpoints act on. */
  bystander: Person;
}

let harness: TestApp;
const people = {} as Record<
  'owner' | 'admin' | 'viewer' | 'other' | 'bystander' | 'newcomer',
  Person
>;
const credentials = {} as Record<Actor, Credential>;

async function person(label: string): Promise<Person & { password: string }> {
  const email = `${label}-${randomBytes(3).toString('hex')}@example.com`;
  const password = 'correct horse battery';
  const user = await createUserWithPassword(harness.ctx.stores.auth, { email, password });
  return { id: user.id, email, password };
}

/** A project owned by `owner`, with `admin`, `viewer` and `bystander` as members. */
async function freshProject(): Promise<Fixture> {
  const { meta } = harness.ctx.stores;
  const projectName = `Project ${randomBytes(4).toString('hex')}`;
  const { project, key } = await createProjectWithDefaultKey(
    meta,
    harness.ctx.config.apiKeyPepper,
    {
      ownerUserId: people.owner.id,
      name: projectName,
    },
  );
  await meta.upsertMember({ projectId: project.id, userId: people.admin.id, role: 'admin' });
  await meta.upsertMember({ projectId: project.id, userId: people.viewer.id, role: 'viewer' });
  await meta.upsertMember({ projectId: project.id, userId: people.bystander.id, role: 'viewer' });
  return {
    projectId: project.id,
    projectName,
    keyId: key.id,
    keyPreview: key.keyPreview,
    bystander: people.bystander,
  };
}

beforeAll(async () => {
  harness = await startTestApp();
  const { ctx } = harness;
  for (const label of ['owner', 'admin', 'viewer', 'other', 'bystander', 'newcomer'] as const) {
    const created = await person(label);
    people[label] = created;
    if (label === 'owner' || label === 'viewer') {
      credentials[label] = { cookie: await sessionCookieFor(ctx, created) };
    }
  }
  credentials.admin = { token: await accessTokenFor(ctx, people.admin.id) };
  credentials.other = {
    cookie: await sessionCookieFor(ctx, { ...people.other, password: 'correct horse battery' }),
  };
  credentials.none = null;
  const revoked = await accessTokenFor(ctx, people.owner.id);
  const [record] = await ctx.stores.meta.listAccessTokens(people.owner.id);
  await ctx.stores.meta.revokeAccessToken(people.owner.id, record!.id);
  credentials.revokedToken = { token: revoked };
  await createProjectWithDefaultKey(ctx.stores.meta, ctx.config.apiKeyPepper, {
    ownerUserId: people.other.id,
    name: 'Somebody else entirely',
  });
});

afterAll(async () => {
  await harness.close();
});

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: (fixture: Fixture) => unknown;
  query?: (fixture: Fixture) => Record<string, string>;
  expected: Record<Actor, number>;
}

const UNAUTHENTICATED = { none: 401, revokedToken: 401 };
const ANY_USER = (status: number) => ({
  owner: status,
  admin: status,
  viewer: status,
  other: status,
  ...UNAUTHENTICATED,
});
const ADMIN_ONLY = (status: number) => ({
  owner: status,
  admin: status,
  viewer: 403,
  other: 404,
  ...UNAUTHENTICATED,
});

const ENDPOINTS: Endpoint[] = [
  { name: 'list projects', method: 'GET', url: '/api/projects', expected: ANY_USER(200) },
  {
    name: 'create a project',
    method: 'POST',
    url: '/api/projects',
    body: () => ({ name: 'Brand new' }),
    expected: ANY_USER(201),
  },
  {
    name: 'rename a project',
    method: 'PATCH',
    url: '/api/projects',
    body: (f) => ({ projectId: f.projectId, name: 'Renamed' }),
    expected: ADMIN_ONLY(200),
  },
  {
    name: 'delete a project',
    method: 'DELETE',
    url: '/api/projects',
    query: (f) => ({ projectId: f.projectId }),
    expected: { owner: 204, admin: 403, viewer: 403, other: 404, ...UNAUTHENTICATED },
  },
  {
    name: 'list keys',
    method: 'GET',
    url: '/api/projects/keys',
    query: (f) => ({ projectId: f.projectId }),
    expected: ADMIN_ONLY(200),
  },
  {
    name: 'create a key',
    method: 'POST',
    url: '/api/projects/keys',
    body: (f) => ({ projectId: f.projectId, label: 'Staging' }),
    expected: ADMIN_ONLY(201),
  },
  {
    name: 'relabel a key',
    method: 'PATCH',
    url: '/api/projects/keys',
    body: (f) => ({ projectId: f.projectId, keyId: f.keyId, label: 'Production' }),
    expected: ADMIN_ONLY(200),
  },
  {
    name: 'revoke a key',
    method: 'POST',
    url: '/api/projects/keys/revoke',
    body: (f) => ({ projectId: f.projectId, keyId: f.keyId }),
    expected: ADMIN_ONLY(200),
  },
  {
    name: 'list members',
    method: 'GET',
    url: '/api/projects/members',
    query: (f) => ({ projectId: f.projectId }),
    expected: ADMIN_ONLY(200),
  },
  {
    name: 'add a member',
    method: 'POST',
    url: '/api/projects/members',
    body: (f) => ({ projectId: f.projectId, email: people.newcomer.email, role: 'viewer' }),
    expected: ADMIN_ONLY(201),
  },
  {
    name: "change a member's role",
    method: 'PATCH',
    url: '/api/projects/members',
    body: (f) => ({ projectId: f.projectId, userId: f.bystander.id, role: 'admin' }),
    expected: ADMIN_ONLY(200),
  },
  {
    name: 'remove a member',
    method: 'DELETE',
    url: '/api/projects/members',
    query: (f) => ({ projectId: f.projectId, userId: f.bystander.id }),
    expected: ADMIN_ONLY(204),
  },
  { name: 'read /api/me', method: 'GET', url: '/api/me', expected: ANY_USER(200) },
  { name: 'list tokens', method: 'GET', url: '/api/tokens', expected: ANY_USER(200) },
  {
    name: 'create a token',
    method: 'POST',
    url: '/api/tokens',
    body: () => ({ label: 'Script' }),
    expected: ANY_USER(201),
  },
];

const CASES = ENDPOINTS.flatMap((endpoint) =>
  ACTORS.map((actor) => ({ ...endpoint, actor, status: endpoint.expected[actor] })),
);

const ERROR_BODIES: Record<number, string> = {
  401: '{"error":"Unauthorized"}',
  403: '{"error":"Forbidden"}',
  404: '{"error":"Not found"}',
};

describe('permission matrix', () => {
  it.each(CASES)('$name as $actor answers $status', async ({ actor, status, ...endpoint }) => {
    const fixture = await freshProject();

    const response = await call(harness.app, endpoint.method, endpoint.url, {
      as: credentials[actor],
      body: endpoint.body?.(fixture),
      query: endpoint.query?.(fixture),
    });

    expect(response.statusCode).toBe(status);
    if (ERROR_BODIES[status]) expect(response.body).toBe(ERROR_BODIES[status]);
    if (!['owner', 'admin', 'viewer'].includes(actor)) {
      for (const secret of [fixture.projectId, fixture.projectName, fixture.keyPreview]) {
        expect(response.body).not.toContain(secret);
      }
      for (const person of [people.owner, people.admin, people.bystander]) {
        expect(response.body).not.toContain(person.email);
      }
    }
  });

  it("lists a viewer's projects with their role, and nobody else's", async () => {
    const fixture = await freshProject();

    const asViewer = await call(harness.app, 'GET', '/api/projects', { as: credentials.viewer });
    const asOther = await call(harness.app, 'GET', '/api/projects', { as: credentials.other });

    expect(asViewer.json().projects).toContainEqual(
      expect.objectContaining({ id: fixture.projectId, role: 'viewer' }),
    );
    const otherProjects: { id: string; role: string }[] = asOther.json().projects;
    expect(otherProjects.map((project) => project.id)).not.toContain(fixture.projectId);
    expect(otherProjects).toContainEqual(
      expect.objectContaining({ name: 'Somebody else entirely', role: 'owner' }),
    );
    expect(otherProjects.every((project) => project.role === 'owner')).toBe(true);
  });

  it('answers a foreign project exactly as a missing one on every project endpoint', async () => {
    const fixture = await freshProject();
    const missing = { ...fixture, projectId: 'f'.repeat(24) };

    for (const endpoint of ENDPOINTS.filter((e) => e.expected.other === 404)) {
      const foreign = await call(harness.app, endpoint.method, endpoint.url, {
        as: credentials.other,
        body: endpoint.body?.(fixture),
        query: endpoint.query?.(fixture),
      });
      const absent = await call(harness.app, endpoint.method, endpoint.url, {
        as: credentials.owner,
        body: endpoint.body?.(missing),
        query: endpoint.query?.(missing),
      });

      expect({ endpoint: endpoint.name, status: absent.statusCode, body: absent.body }).toEqual({
        endpoint: endpoint.name,
        status: foreign.statusCode,
        body: foreign.body,
      });
    }
  });
});
