import { z } from 'zod';
import { InvalidConfigError } from '../../core/errors.js';
import { MAX_OWNER_LENGTH, OWNER_PATTERN } from '../../core/tags.js';
import { GITHUB_ACTIONS_ISSUER, pullRequestNameClash, type AllowedRepository } from './github-oidc.js';
import { ALLOWED_REPOSITORY_PATTERN } from './repository.js';
import type { StaticToken } from './static-tokens.js';

export interface AuthConfig {
  tokens: StaticToken[];
  /** Absent when GitHub Actions OIDC is not configured: such tokens are then refused. */
  oidc?: {
    audience: string;
    issuer: string;
    repositories: AllowedRepository[];
  };
}

/**
 * The owner strings GitHub Actions callers and Slack users get; a static token may not pose as either (any case:
 * ownership is compared without it).
 */
const RESERVED_OWNER_PREFIXES = ['github:', 'slack:'] as const;

const staticTokenSchema = z
  .object({
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex characters of the token\'s SHA-256 (never the token itself)')
      .transform((hash) => hash.toLowerCase()),
    owner: z
      .string()
      .regex(OWNER_PATTERN, `must be 1–${MAX_OWNER_LENGTH} letters, digits, spaces and _ . : / = + @ -`)
      .refine((owner) => owner.trim() === owner, 'must not start or end with a space')
      .refine(
        (owner) => !RESERVED_OWNER_PREFIXES.some((prefix) => owner.toLowerCase().startsWith(prefix)),
        'must not start with "github:" or "slack:" (reserved for GitHub Actions callers and Slack users)',
      ),
    role: z.enum(['user', 'admin']),
  })
  .strict();

const tokensSchema = z
  .array(staticTokenSchema)
  .superRefine((tokens, ctx) => {
    const seen = new Set<string>();
    tokens.forEach((token, index) => {
      if (seen.has(token.sha256)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'sha256'], message: 'is listed twice' });
      seen.add(token.sha256);
    });
  });

/** `owner/name#<repository id>`, optionally `=<prefix>` for the names of its pull requests (`<prefix>-pr-<n>`). */
const repositoryEntry = z
  .string()
  .regex(
    ALLOWED_REPOSITORY_PATTERN,
    'must be owner/name#<repository id>, optionally =<name prefix>, like acme/web#123456789 or acme/api#987654321=api ' +
      '(the id pins the repository: `gh api repos/OWNER/NAME --jq .id` shows it)',
  )
  .transform((entry): AllowedRepository => {
    const [repository = '', rest = ''] = entry.split('#');
    const [repositoryId = '', namePrefix] = rest.split('=');
    return namePrefix ? { repository, repositoryId, namePrefix } : { repository, repositoryId };
  });

/** Two repositories never share a name, an id or the names of their pull requests' environments. */
const repositoryList = z.array(repositoryEntry).superRefine((repositories, ctx) => {
  const problem = pullRequestNameClash(repositories);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

function fail(variable: string, issues: z.ZodIssue[]): never {
  const problems = issues.map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  throw new InvalidConfigError(`${variable}: ${problems.join('; ')}`, { variable, problems });
}

function parseTokens(text: string | undefined): StaticToken[] {
  if (text === undefined || text.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidConfigError(
      `DEVENV_API_TOKENS is not valid JSON (${(error as Error).message}); expected [{"sha256":"…","owner":"…","role":"user"}]`,
      { variable: 'DEVENV_API_TOKENS' },
    );
  }
  const result = tokensSchema.safeParse(raw);
  return result.success ? result.data : fail('DEVENV_API_TOKENS', result.error.issues);
}

function parseOidc(env: NodeJS.ProcessEnv): AuthConfig['oidc'] {
  const audience = env.DEVENV_OIDC_AUDIENCE?.trim();
  const list = env.DEVENV_OIDC_REPOSITORIES?.trim();
  if (!audience && !list) return undefined;
  if (!audience) throw new InvalidConfigError('DEVENV_OIDC_AUDIENCE is required when DEVENV_OIDC_REPOSITORIES is set', { variable: 'DEVENV_OIDC_AUDIENCE' });
  if (!list) throw new InvalidConfigError('DEVENV_OIDC_REPOSITORIES is required when DEVENV_OIDC_AUDIENCE is set', { variable: 'DEVENV_OIDC_REPOSITORIES' });
  const entries = list.split(/[\s,]+/).filter(Boolean);
  const repositories = repositoryList.safeParse(entries);
  if (!repositories.success) fail('DEVENV_OIDC_REPOSITORIES', repositories.error.issues);
  const issuer = z.string().url('must be an https URL').startsWith('https://', 'must be an https URL').safeParse(env.DEVENV_OIDC_ISSUER?.trim() || GITHUB_ACTIONS_ISSUER);
  if (!issuer.success) fail('DEVENV_OIDC_ISSUER', issuer.error.issues);
  return { audience, issuer: issuer.data, repositories: repositories.data };
}

/**
 * Reads the API's authentication configuration once, at start, from environment variables. Only hashes of static
 * tokens are configured, never the tokens. Every problem names its variable.
 *
 * - `DEVENV_API_TOKENS`: JSON `[{ "sha256": "<hex>", "owner": "alice", "role": "user" | "admin" }]`
 * - `DEVENV_OIDC_AUDIENCE`: the audience GitHub Actions tokens must carry
 * - `DEVENV_OIDC_REPOSITORIES`: comma- or space-separated `owner/name#<repository id>`, each optionally `=<prefix>`
 * - `DEVENV_OIDC_ISSUER`: only for GitHub Enterprise; GitHub's issuer by default
 *
 * @example
 * const auth = readAuthConfig(process.env); // throws InvalidConfigError naming the variable
 */
export function readAuthConfig(env: NodeJS.ProcessEnv = process.env, { allowEmpty = false }: { allowEmpty?: boolean } = {}): AuthConfig {
  const tokens = parseTokens(env.DEVENV_API_TOKENS);
  const oidc = parseOidc(env);
  if (!allowEmpty && tokens.length === 0 && !oidc) {
    throw new InvalidConfigError('no caller could authenticate: set DEVENV_API_TOKENS, or DEVENV_OIDC_AUDIENCE and DEVENV_OIDC_REPOSITORIES', {
      variable: 'DEVENV_API_TOKENS',
    });
  }
  return oidc ? { tokens, oidc } : { tokens };
}
