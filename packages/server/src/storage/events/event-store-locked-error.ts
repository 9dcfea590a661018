export class EventStoreLockedError extends Error {
  constructor(file: string) {
    super(
      `The event store ${file} is open in another process (a running server?). ` +
        'Stop that process, or run this command through its API instead.',
    );
    this.name = 'EventStoreLockedError';
  }
}
