import type { AutotrackContext } from './autotrack-context.ts';

/** A page that throws in a loop would otherwise flood its own analytics. */
const MAX_ERRORS_PER_PAGE = 50;

const stackOf = (error: unknown) => {
  const stack = (error as Error | undefined)?.stack;
  return stack ? String(stack).slice(0, 500) : undefined;
};

/** Sends `error` for uncaught exceptions and `unhandled_rejection` for rejected promises. */
export function trackErrors(context: AutotrackContext): void {
  let sent = 0;
  const send = (name: string, metadata: Record<string, unknown>) => {
    if (++sent <= MAX_ERRORS_PER_PAGE) context.track(name, { metadata });
  };
  context.listen<ErrorEvent>(window, 'error', (event) => {
    send('error', {
      message: event.message,
      filename: event.filename,
      lineno: event.lineno,
      colno: event.colno,
      stack: stackOf(event.error),
    });
  });
  context.listen<PromiseRejectionEvent>(window, 'unhandledrejection', (event) => {
    const reason = event.reason;
    send('unhandled_rejection', {
      message: String(reason?.message ?? reason),
      stack: stackOf(reason),
    });
  });
}
