import { CredentialsError, UnreachableError } from './errors.js';
import { describeFetchFailure } from './fetch-failure.js';

/** How long the GitHub Actions runtime gets to hand out a token: it answers at once or not at all. */
export const GITHUB_TOKEN_TIMEOUT_MS = 10_000;

const FAILED = "could not get the job's OIDC token from GitHub Actions";

/**
 * Asks the GitHub Actions runtime for the job's OIDC token for `audience`, as `core.getIDToken(audience)` does.
 * Needs `permissions: id-token: write`, which puts ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN in the environment.
 * A refusal (4xx) is a `CredentialsError` (exit 3); no answer in time, a 5xx or a garbled answer is an
 * `UnreachableError` (exit 8: retrying may help).
 *
 * @example
 * const token = await requestGitHubOidcToken('https://devenv.example.com', process.env);
 */
export async function requestGitHubOidcToken(
  audience: string,
  env: Record<string, string | undefined>,
  fetchImpl: typeof fetch = globalThis.fetch,
  { timeoutMs = GITHUB_TOKEN_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<string> {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken) {
    throw new CredentialsError('no GitHub Actions OIDC token: give the job "permissions: id-token: write", or pass --token');
  }
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, { headers: { authorization: `bearer ${requestToken}`, accept: 'application/json' }, signal });
    text = await response.text();
  } catch (error) {
    throw new UnreachableError(`${FAILED}: ${describeFetchFailure(error, signal, timeoutMs)}`, error);
  }
  if (response.status >= 500) throw new UnreachableError(`${FAILED}: HTTP ${response.status}`);
  if (!response.ok) throw new CredentialsError(`GitHub Actions refused an OIDC token (HTTP ${response.status})`);
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown } | null)?.value;
  } catch (error) {
    throw new UnreachableError(`${FAILED}: the answer is not JSON`, error);
  }
  if (typeof value !== 'string' || !value) throw new CredentialsError('GitHub Actions answered without an OIDC token');
  return value;
}
