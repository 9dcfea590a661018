import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithPassword } from '../../src/auth/users.ts';
import type { MemberRole } from '../../src/storage/meta/meta-store.ts';
import { accessTokenFor } from '../helpers/credentials.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { call } from './http.ts';

let harness: TestApp;

beforeAll(async () => {
  harness = await startTestApp();
});

afterAll(async () => {
  await harness.close();
});

async function someone() {
  const email = `member-${randomBytes(4).toString('hex')}@example.com`;
  const user = await createUserWithPassword(harness.ctx.stores.auth, {
    email,
    password: 'correct horse battery',
  });
  return { ...user, as: { token: await accessTokenFor(harness.ctx, user.id) } };
}

/** A project whose creator is `owner`, plus a member for each role given. */
async function team(...roles: MemberRole[]) {
  const { user, project } = await createUserAndProject(harness.ctx);
  const owner = { ...user, as: { token: await accessTokenFor(harness.ctx, user.id) } };
  const members = [];
  for (const role of roles) {
    const member = await someone();
    await harness.ctx.stores.meta.upsertMember({ projectId: project.id, userId: member.id, role });
    members.push(member);
  }
  return { projectId: project.id, owner, members };
}

describe('members', () => {
  it('adds an existing user by email, who then sees the project as a viewer', async () => {
    const { projectId, owner } = await team();
    const newcomer = await someone();

    const added = await call(harness.app, 'POST', '/api/projects/members', {
      as: owner.as,
      body: { projectId, email: newcomer.email.toUpperCase(), role: 'viewer' },
    });
    const theirProjects = await call(harness.app, 'GET', '/api/projects', { as: newcomer.as });

    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({
      member: {
        userId: newcomer.id,
        email: newcomer.email,
        name: expect.any(String),
        role: 'viewer',
        createdAt: expect.any(String),
      },
    });
    expect(theirProjects.json().projects).toEqual([
      expect.objectContaining({ id: projectId, role: 'viewer' }),
    ]);
  });

  it('lists the creator first as owner, then members in joining order', async () => {
    const { projectId, owner, members } = await team('admin', 'viewer');

    const response = await call(harness.app, 'GET', '/api/projects/members', {
      as: owner.as,
      query: { projectId },
    });

    expect(
      response.json().members.map((m: { userId: string; role: string }) => [m.userId, m.role]),
    ).toEqual([
      [owner.id, 'owner'],
      [members[0]!.id, 'admin'],
      [members[1]!.id, 'viewer'],
    ]);
  });

  it('refuses an email with no account as 400 on the email field', async () => {
    const { projectId, owner } = await team();

    const response = await call(harness.app, 'POST', '/api/projects/members', {
      as: owner.as,
      body: { projectId, email: 'nobody-here@example.com', role: 'viewer' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().details.fieldErrors).toEqual({ email: ['No account matches'] });
  });

  it.each([
    ['both email and userId', { email: 'a@example.com', userId: 'x', role: 'viewer' }],
    ['neither email nor userId', { role: 'viewer' }],
    ['an unknown role', { email: 'a@example.com', role: 'superuser' }],
    ['an invalid email', { email: 'nope', role: 'viewer' }],
  ])('refuses %s with 400', async (_case, body) => {
    const { projectId, owner } = await team();

    const response = await call(harness.app, 'POST', '/api/projects/members', {
      as: owner.as,
      body: { projectId, ...body },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'Invalid payload',
      details: expect.any(Object),
    });
  });

  it('answers 409 when the person is already a member or is the creator', async () => {
    const { projectId, owner, members } = await team('viewer');

    const member = await call(harness.app, 'POST', '/api/projects/members', {
      as: owner.as,
      body: { projectId, email: members[0]!.email, role: 'admin' },
    });
    const creator = await call(harness.app, 'POST', '/api/projects/members', {
      as: owner.as,
      body: { projectId, email: owner.email, role: 'viewer' },
    });

    expect(member.statusCode).toBe(409);
    expect(creator.statusCode).toBe(409);
  });

  it('lets only owners grant, change or remove the owner role', async () => {
    const { projectId, owner, members } = await team('admin', 'owner', 'viewer');
    const [admin, coOwner, viewer] = members;
    const newcomer = await someone();

    const adminGrantsOwner = await call(harness.app, 'POST', '/api/projects/members', {
      as: admin!.as,
      body: { projectId, email: newcomer.email, role: 'owner' },
    });
    const adminPromotes = await call(harness.app, 'PATCH', '/api/projects/members', {
      as: admin!.as,
      body: { projectId, userId: viewer!.id, role: 'owner' },
    });
    const adminDemotesOwner = await call(harness.app, 'PATCH', '/api/projects/members', {
      as: admin!.as,
      body: { projectId, userId: coOwner!.id, role: 'viewer' },
    });
    const adminRemovesOwner = await call(harness.app, 'DELETE', '/api/projects/members', {
      as: admin!.as,
      query: { projectId, userId: coOwner!.id },
    });
    const ownerPromotes = await call(harness.app, 'PATCH', '/api/projects/members', {
      as: owner.as,
      body: { projectId, userId: viewer!.id, role: 'owner' },
    });

    expect(adminGrantsOwner.statusCode).toBe(403);
    expect(adminPromotes.statusCode).toBe(403);
    expect(adminDemotesOwner.statusCode).toBe(403);
    expect(adminRemovesOwner.statusCode).toBe(403);
    expect(ownerPromotes.statusCode).toBe(200);
    expect(ownerPromotes.json().member).toMatchObject({ userId: viewer!.id, role: 'owner' });
  });

  it("never changes or removes the creator's owner role", async () => {
    const { projectId, owner, members } = await team('owner');

    const demote = await call(harness.app, 'PATCH', '/api/projects/members', {
      as: members[0]!.as,
      body: { projectId, userId: owner.id, role: 'viewer' },
    });
    const remove = await call(harness.app, 'DELETE', '/api/projects/members', {
      as: members[0]!.as,
      query: { projectId, userId: owner.id },
    });

    expect(demote.statusCode).toBe(409);
    expect(remove.statusCode).toBe(409);
  });

  it('lets a viewer leave a project, after which it is 404 to them', async () => {
    const { projectId, members } = await team('viewer');
    const viewer = members[0]!;

    const leave = await call(harness.app, 'DELETE', '/api/projects/members', {
      as: viewer.as,
      query: { projectId, userId: viewer.id },
    });
    const afterwards = await call(harness.app, 'DELETE', '/api/projects/members', {
      as: viewer.as,
      query: { projectId, userId: viewer.id },
    });

    expect(leave.statusCode).toBe(204);
    expect(afterwards.statusCode).toBe(404);
  });

  it('answers 404 for changing someone who is not a member', async () => {
    const { projectId, owner } = await team();
    const stranger = await someone();

    const response = await call(harness.app, 'PATCH', '/api/projects/members', {
      as: owner.as,
      body: { projectId, userId: stranger.id, role: 'admin' },
    });

    expect(response.statusCode).toBe(404);
  });

  it('takes admin rights away at once when an admin is demoted', async () => {
    const { projectId, owner, members } = await team('admin');
    const admin = members[0]!;

    await call(harness.app, 'PATCH', '/api/projects/members', {
      as: owner.as,
      body: { projectId, userId: admin.id, role: 'viewer' },
    });
    const keys = await call(harness.app, 'GET', '/api/projects/keys', {
      as: admin.as,
      query: { projectId },
    });

    expect(keys.statusCode).toBe(403);
  });
});
