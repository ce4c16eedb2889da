import { problemKindOf, type ProblemKind } from '../contract/problem-types.js';
import type { PutEnvironmentBody } from '../contract/requests.js';
import type {
  EnvironmentList,
  EnvironmentView,
  ExtendResponse,
  PutEnvironmentResponse,
  RepairResponse,
  SweepPlan,
  SweepReport,
} from '../contract/views.js';
import { UnreachableError } from './errors.js';
import { describeFetchFailure } from './fetch-failure.js';

// Callers catch it next to ApiError.
export { UnreachableError } from './errors.js';

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

/** The list filters as the user typed them: the API, not the CLI, says which values it takes. */
export interface ListFilter {
  owner?: string;
  app?: string;
  status?: string;
}

/** The API (or something in front of it) answered with an error. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ApiProblem;
  /** The devenv problem kind; undefined when the answer is not one of devenv's (a proxy, a gateway). */
  readonly kind: ProblemKind | undefined;

  constructor(problem: ApiProblem) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.kind = problemKindOf(problem.type);
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  userAgent?: string;
  /**
   * A new token for one that expired: GitHub's OIDC tokens live minutes, shorter than a `--wait`. Asked for once when
   * devenv answers `401 unauthorized`, and the request sent again (a 401 changed nothing).
   */
  refreshToken?: () => Promise<string>;
  /** Waits before a request is sent again after a gateway's 502/503. */
  sleep?: (ms: number) => Promise<void>;
}

export interface PutOptions {
  /** Seconds the API should wait for the environment to leave `creating` before answering (`?wait=`). */
  waitSeconds?: number;
}

/** Without `timeoutMs`, a request gets this long to answer (plus any `?wait=` it asks for). */
export const API_TIMEOUT_MS = 60_000;

/** Before sending an idempotent request again after a gateway's 502/503 (a cold or crashed Lambda behind it). */
export const GATEWAY_RETRY_DELAY_MS = 2_000;

/** Methods the API handles idempotently: sending one twice ends the same as once (POST extends or sweeps again). */
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/**
 * Waits before a PUT or DELETE answered `busy` is sent again (the API's `Retry-After`), and how many times: another
 * call was writing the environment (the previous push's job, cancelled while its PUT ran on; the sweep).
 */
export const BUSY_RETRY_DELAY_MS = 5_000;
const BUSY_RETRIES = 3;

/** A 502/503 that is not devenv's problem document: the gateway in front answered, devenv may never have run. */
const isGatewayHiccup = (error: unknown) => error instanceof ApiError && error.kind === undefined && (error.status === 502 || error.status === 503);

/**
 * A thin client of the devenv REST API: one method per route, errors as `ApiError` / `UnreachableError`. Each request
 * gets `timeoutMs` to answer; no answer in time is an `UnreachableError`.
 *
 * @example
 * const client = new ApiClient({ baseUrl: 'https://devenv.example.com', token: process.env.DEVENV_TOKEN! });
 * const environment = await client.put('demo-42', { app: 'web' }, { waitSeconds: 300 });
 */
export class ApiClient {
  readonly #baseUrl: string;
  #token: string;
  readonly #refreshToken: (() => Promise<string>) | undefined;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor({ baseUrl, token, fetch: fetchImpl = globalThis.fetch, timeoutMs = API_TIMEOUT_MS, userAgent = 'devenv-cli', refreshToken, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }: ApiClientOptions) {
    this.#refreshToken = refreshToken;
    this.#sleep = sleep;
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#token = token;
    this.#fetch = fetchImpl;
    this.#timeoutMs = timeoutMs;
    this.#userAgent = userAgent;
  }

  /** Creates or updates; with `waitSeconds` the API answers once the environment has left `creating` (or the wait is up). */
  put(name: string, body: PutEnvironmentBody, { waitSeconds }: PutOptions = {}): Promise<PutEnvironmentResponse> {
    const path = `/v1/environments/${encodeURIComponent(name)}`;
    if (waitSeconds === undefined) return this.#send('PUT', path, body) as Promise<PutEnvironmentResponse>;
    // The server holds the answer for up to the wait: the request must outlive it.
    return this.#send('PUT', `${path}?wait=${waitSeconds}`, body, waitSeconds * 1000) as Promise<PutEnvironmentResponse>;
  }

  get(name: string): Promise<EnvironmentView> {
    return this.#send('GET', `/v1/environments/${encodeURIComponent(name)}`) as Promise<EnvironmentView>;
  }

  list(filter: ListFilter = {}): Promise<EnvironmentList> {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const suffix = query.toString() ? `?${query}` : '';
    return this.#send('GET', `/v1/environments${suffix}`) as Promise<EnvironmentList>;
  }

  extend(name: string, ttl?: string): Promise<ExtendResponse> {
    return this.#send('POST', `/v1/environments/${encodeURIComponent(name)}/extend`, ttl === undefined ? {} : { ttl }) as Promise<ExtendResponse>;
  }

  /** What a sweep would remove now; changes nothing (admin tokens only). */
  planSweep(): Promise<SweepPlan> {
    return this.#send('GET', '/v1/sweep') as Promise<SweepPlan>;
  }

  /** Runs a sweep now (admin tokens only). */
  runSweep(): Promise<SweepReport> {
    return this.#send('POST', '/v1/sweep') as Promise<SweepReport>;
  }

  repair(name: string): Promise<RepairResponse> {
    return this.#send('POST', `/v1/environments/${encodeURIComponent(name)}/repair`) as Promise<RepairResponse>;
  }

  async destroy(name: string): Promise<void> {
    await this.#send('DELETE', `/v1/environments/${encodeURIComponent(name)}`);
  }

  async #send(method: string, path: string, body?: unknown, extraTimeMs = 0): Promise<unknown> {
    try {
      return await this.#sendRiding(method, path, body, extraTimeMs);
    } catch (error) {
      if (!(this.#refreshToken && error instanceof ApiError && error.kind === 'unauthorized')) throw error;
      this.#token = await this.#refreshToken();
      return this.#sendRiding(method, path, body, extraTimeMs);
    }
  }

  /**
   * Rides out one 502/503 of the gateway for an idempotent request (never one of devenv's own answers, never a timeout),
   * and up to three `busy` answers to a PUT or DELETE, 5 s apart.
   */
  async #sendRiding(method: string, path: string, body: unknown, extraTimeMs: number): Promise<unknown> {
    let hiccups = 0;
    let busy = 0;
    for (;;) {
      try {
        return await this.#sendOnce(method, path, body, extraTimeMs);
      } catch (error) {
        if (IDEMPOTENT.has(method) && isGatewayHiccup(error) && hiccups++ < 1) await this.#sleep(GATEWAY_RETRY_DELAY_MS);
        else if (IDEMPOTENT.has(method) && error instanceof ApiError && error.kind === 'busy' && busy++ < BUSY_RETRIES) await this.#sleep(BUSY_RETRY_DELAY_MS);
        else throw error;
      }
    }
  }

  async #sendOnce(method: string, path: string, body?: unknown, extraTimeMs = 0): Promise<unknown> {
    const url = `${this.#baseUrl}${path}`;
    const timeoutMs = this.#timeoutMs + extraTimeMs;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
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
        signal,
      });
      // The timeout covers the body too: a stalled body is no answer either.
      text = await response.text();
    } catch (error) {
      throw new UnreachableError(`cannot reach ${this.#baseUrl}: ${describeFetchFailure(error, signal, timeoutMs)}`, error);
    }
    if (!response.ok) throw new ApiError(toProblem(response, text));
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UnreachableError(`${this.#baseUrl} answered HTTP ${response.status} with something that is not JSON: is it the devenv API?`, error);
    }
  }
}

function toProblem(response: Response, text: string): ApiProblem {
  try {
    const parsed = JSON.parse(text) as Partial<ApiProblem>;
    if (typeof parsed.title === 'string' && typeof parsed.detail === 'string') {
      return { ...parsed, type: typeof parsed.type === 'string' ? parsed.type : 'about:blank', title: parsed.title, detail: parsed.detail, status: response.status };
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
