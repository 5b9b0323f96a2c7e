import { DEFAULT_LOCALE, type Locale } from '@lingyan/shared';

/** An error answer of the API (`{ error: { code, message, details? } }`), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const NETWORK_ERROR = 'NETWORK_ERROR';

/** What the session layer must hear about, whichever page made the request. */
export type AuthProblem = 'signed-out' | 'password-change-required';

type QueryValue = string | number | boolean | null | undefined;
export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
};

const state: { csrfToken: string | null; locale: Locale; onAuthProblem: ((problem: AuthProblem) => void) | null } = {
  csrfToken: null,
  locale: DEFAULT_LOCALE,
  onAuthProblem: null,
};

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}
export function setApiLocale(locale: Locale): void {
  state.locale = locale;
}
export function setAuthProblemListener(listener: ((problem: AuthProblem) => void) | null): void {
  state.onAuthProblem = listener;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

/** The request headers: the language always, the CSRF token on every non-GET request. */
export function buildHeaders(method: string, hasBody: boolean, locale: Locale, csrfToken: string | null): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': locale };
  if (hasBody) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

const SIGNED_OUT_CODES = new Set(['AUTH_REQUIRED', 'AUTH_SESSION_EXPIRED']);

/** Calls the API under `/api/v1`; resolves with the parsed JSON, rejects with an ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const hasBody = options.body !== undefined;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers: buildHeaders(method, hasBody, state.locale, state.csrfToken),
      body: hasBody ? JSON.stringify(options.body) : undefined,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, NETWORK_ERROR, cause instanceof Error ? cause.message : 'network error');
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    const error = readErrorBody(body);
    const code = error?.code ?? `HTTP_${response.status}`;
    if (response.status === 401 && SIGNED_OUT_CODES.has(code)) state.onAuthProblem?.('signed-out');
    if (code === 'AUTH_PASSWORD_CHANGE_REQUIRED') state.onAuthProblem?.('password-change-required');
    throw new ApiError(response.status, code, error?.message ?? response.statusText, error?.details);
  }
  return body as T;
}

function readErrorBody(body: unknown): { code: string; message: string; details?: unknown } | null {
  if (!body || typeof body !== 'object' || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  if (!error || typeof error !== 'object') return null;
  const { code, message, details } = error as Record<string, unknown>;
  if (typeof code !== 'string') return null;
  return { code, message: typeof message === 'string' ? message : code, details };
}
