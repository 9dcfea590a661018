import { EventEmitter } from 'node:events';

/**
 * In-process notifications between modules that must not import each other: the management
 * API announces a change, the ingestion key cache (and anything else) reacts at once. Other
 * nodes learn of the same change through their caches' short time-to-live.
 */
export interface AppNotificationMap {
  keyRevoked: [{ projectId: string; keyId: string }];
  projectDeleted: [{ projectId: string }];
}

export class AppNotifications extends EventEmitter<AppNotificationMap> {}
