/** A reason the server cannot start that the operator can fix (port taken, bad host). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
