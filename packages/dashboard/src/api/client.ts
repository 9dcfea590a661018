/** JSON over fetch with the contract's error shape (`{ error, details? }`) turned into throws. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function messageOf(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    // Ours say `error`; better-auth's endpoints say `message`.
    if (typeof record.message === 'string' && record.message) return record.message;
    if (typeof record.error === 'string' && record.error) return record.error;
  }
  if (status === 0) return 'Network error: check your connection';
  return `Request failed (${status})`;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, messageOf(0, undefined));
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const details = (parsed as { details?: unknown } | undefined)?.details;
    throw new ApiError(response.status, messageOf(response.status, parsed), details);
  }
  return parsed as T;
}

export const get = <T>(url: string, signal?: AbortSignal) =>
  request<T>('GET', url, undefined, signal);
export const post = <T>(url: string, body: unknown = {}) => request<T>('POST', url, body);
export const patch = <T>(url: string, body: unknown) => request<T>('PATCH', url, body);
export const del = <T>(url: string, body?: unknown) => request<T>('DELETE', url, body);
