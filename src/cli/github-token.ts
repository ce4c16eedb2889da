import { CredentialsError } from './errors.js';

/**
 * Asks the GitHub Actions runtime for the job's OIDC token for `audience`, as `core.getIDToken(audience)` does.
 * Needs `permissions: id-token: write`, which puts ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN in the environment.
 */
export async function requestGitHubOidcToken(
  audience: string,
  env: Record<string, string | undefined>,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<string> {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken) {
    throw new CredentialsError('no GitHub Actions OIDC token: give the job "permissions: id-token: write", or pass --token');
  }
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  const response = await fetchImpl(url, { headers: { authorization: `bearer ${requestToken}`, accept: 'application/json' } });
  if (!response.ok) throw new CredentialsError(`GitHub Actions refused an OIDC token (HTTP ${response.status})`);
  const { value } = (await response.json()) as { value?: unknown };
  if (typeof value !== 'string' || !value) throw new CredentialsError('GitHub Actions answered without an OIDC token');
  return value;
}
