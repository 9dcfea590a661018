import type { AppContext } from '../app-context.ts';
import type { BackgroundJob } from '../background/scheduler.ts';
import { listRetentionPolicies } from '../storage/meta/project-settings.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Retention is a daily promise; hourly runs keep each delete small. */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** Deletes every project's events older than its retention period; returns how many went. */
export async function applyRetention(ctx: AppContext, now = new Date()): Promise<number> {
  let deleted = 0;
  for (const policy of await listRetentionPolicies(ctx.stores.meta)) {
    const before = new Date(now.getTime() - policy.retentionDays * DAY_MS);
    deleted += await ctx.stores.events.deleteEventsBefore(policy.projectId, before);
  }
  return deleted;
}

export function retentionJob(ctx: AppContext): BackgroundJob {
  return {
    name: 'retention',
    everyMs: RETENTION_EVERY_MS,
    run: async () => {
      await applyRetention(ctx);
    },
  };
}
