import type { AppNotifications } from './app-notifications.ts';
import type { BackgroundJob } from './background/scheduler.ts';
import type { Config } from './config.ts';
import type { Stores } from './stores.ts';

/**
 * What every route module receives: the frozen configuration, the open stores and the list of
 * background jobs, to which a module adds its own while the app is being built.
 */
export interface AppContext {
  readonly config: Config;
  readonly stores: Stores;
  readonly jobs: BackgroundJob[];
  readonly notifications: AppNotifications;
}
