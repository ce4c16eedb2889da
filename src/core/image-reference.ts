/**
 * Container image references, by the OCI distribution reference grammar (the one `docker pull` and ECS follow):
 * `[domain[:port]/]path[:tag][@digest]`, where the path (the repository within its registry) is lowercase
 * letters and digits with `.`, `_`, `__` or `-` between them, a tag is at most 128 of `[A-Za-z0-9_.-]` not starting
 * with `.` or `-`, and a digest is `sha256:` and 64 lowercase hex digits (devenv accepts no other algorithm).
 */

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const PATH = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH}`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{64}';

/** ECS takes at most 255 characters for a container's image. */
export const MAX_IMAGE_REFERENCE_LENGTH = 255;

/** A whole image reference: repository, then an optional tag, then an optional digest. */
export const OCI_IMAGE_REFERENCE_PATTERN = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);

/** A repository alone (no tag, no digest), as the configuration lists them. */
export const OCI_REPOSITORY_PATTERN = new RegExp(`^${NAME}$`);

/** What the grammar asks for, in words, for error messages. */
export const IMAGE_REFERENCE_RULE =
  'an OCI image reference: a lowercase repository like 123456789012.dkr.ecr.us-east-1.amazonaws.com/web, then :<tag> ' +
  '(up to 128 letters, digits, _ . -) and/or @sha256:<64 lowercase hex digits>';

export interface ImageReference {
  /** The repository with its registry made explicit: `nginx` is `docker.io/library/nginx`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses an image reference; undefined when it does not follow the grammar.
 *
 * @example
 * parseImageReference('repo/web:sha-1'); // { repository: 'docker.io/repo/web', tag: 'sha-1' }
 * parseImageReference('Repo/Web:1');     // undefined: a repository is lowercase
 */
export function parseImageReference(reference: string): ImageReference | undefined {
  if (typeof reference !== 'string' || reference.length > MAX_IMAGE_REFERENCE_LENGTH) return undefined;
  if (!OCI_IMAGE_REFERENCE_PATTERN.test(reference)) return undefined;
  const at = reference.indexOf('@');
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const nameAndTag = at === -1 ? reference : reference.slice(0, at);
  // A tag's colon comes after the last slash; an earlier one is a registry's port.
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  return {
    repository: normalizeRepository(name),
    ...(hasTag ? { tag: nameAndTag.slice(colon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * The repository a name means, with Docker's defaults spelled out, so two spellings of one repository compare equal:
 * a first component is a registry only when it has a `.` or `:`, is `localhost`, or has capitals; without one the
 * registry is Docker Hub, whose one-component names live under `library/`. Registry host names compare in lower case.
 *
 * @example
 * normalizeRepository('nginx');                 // 'docker.io/library/nginx'
 * normalizeRepository('public.ecr.aws/nginx/x'); // 'public.ecr.aws/nginx/x'
 */
export function normalizeRepository(name: string): string {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const isDomain = first !== '' && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  let domain = isDomain ? first.toLowerCase() : 'docker.io';
  let path = isDomain ? name.slice(slash + 1) : name;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return `${domain}/${path}`;
}
