import type { EnvironmentView } from '../http/schemas.js';

/** An RFC 9457 problem as the API sends it (or as the CLI makes one up for a non-problem error answer). */
export interface ApiProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  errors?: { pointer: string; in: string; detail: string }[];
  [extension: string]: unknown;
}

export interface CloudCall {
  service: string;
  command: string;
  ok: boolean;
  ms: number;
}

export type PutResponse = EnvironmentView & { outcome: 'created' | 'updated' | 'unchanged'; calls: CloudCall[] };
export type ExtendResponse = EnvironmentView & { calls: CloudCall[] };

export interface PutBody {
  app: string;
  ttl?: string;
  images?: Record<string, string>;
  environment?: Record<string, Record<string, string>>;
}

export interface ListFilter {
  owner?: string;
  app?: string;
  status?: string;
}

/** The API answered with an error. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ApiProblem;

  constructor(problem: ApiProblem) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

/** No answer at all: DNS, connection refused, timeout. */
export class UnreachableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'UnreachableError';
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  userAgent?: string;
}

/** A thin client of the devenv REST API: one method per route, errors as `ApiError` / `UnreachableError`. */
export class ApiClient {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor({ baseUrl, token, fetch: fetchImpl = globalThis.fetch, timeoutMs = 60_000, userAgent = 'devenv-cli' }: ApiClientOptions) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#token = token;
    this.#fetch = fetchImpl;
    this.#timeoutMs = timeoutMs;
    this.#userAgent = userAgent;
  }

  put(name: string, body: PutBody): Promise<PutResponse> {
    return this.#send('PUT', `/v1/environments/${encodeURIComponent(name)}`, body) as Promise<PutResponse>;
  }

  get(name: string): Promise<EnvironmentView> {
    return this.#send('GET', `/v1/environments/${encodeURIComponent(name)}`) as Promise<EnvironmentView>;
  }

  list(filter: ListFilter = {}): Promise<{ environments: EnvironmentView[] }> {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const suffix = query.toString() ? `?${query}` : '';
    return this.#send('GET', `/v1/environments${suffix}`) as Promise<{ environments: EnvironmentView[] }>;
  }

  extend(name: string, ttl?: string): Promise<ExtendResponse> {
    return this.#send('POST', `/v1/environments/${encodeURIComponent(name)}/extend`, ttl === undefined ? {} : { ttl }) as Promise<ExtendResponse>;
  }

  async destroy(name: string): Promise<void> {
    await this.#send('DELETE', `/v1/environments/${encodeURIComponent(name)}`);
  }

  async #send(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.#baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: 'application/json, application/problem+json',
          'user-agent': this.#userAgent,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new UnreachableError(`cannot reach ${this.#baseUrl}: ${reason}`, error);
    }
    const text = await response.text();
    if (response.ok) return text ? JSON.parse(text) : undefined;
    throw new ApiError(toProblem(response, text));
  }
}

function toProblem(response: Response, text: string): ApiProblem {
  try {
    const parsed = JSON.parse(text) as Partial<ApiProblem>;
    if (typeof parsed.title === 'string' && typeof parsed.detail === 'string') {
      return { ...parsed, type: parsed.type ?? 'about:blank', title: parsed.title, detail: parsed.detail, status: response.status };
    }
  } catch {
    // Not JSON: a gateway or proxy answered, not devenv.
  }
  return {
    type: 'about:blank',
    title: `HTTP ${response.status}`,
    status: response.status,
    detail: text.trim().slice(0, 300) || response.statusText || 'no details',
  };
}
