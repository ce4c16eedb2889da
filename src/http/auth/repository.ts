/**
 * GitHub repository names as devenv accepts them: `owner/name` of letters, digits, `_`, `.` and `-`. The one statement
 * of the rule, for the allow-list in the configuration and for the `repository` claim recorded in owners.
 */
const REPOSITORY_NAME = '[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+';

/** A lowercase DNS label without `--`, at most 20 characters: what goes before `-pr-<n>` in a repository's names. */
const NAME_PREFIX = '[a-z0-9](?:[a-z0-9]|-(?!-)){0,18}[a-z0-9]|[a-z0-9]';

/** A whole `owner/name`. */
export const REPOSITORY_PATTERN = new RegExp(`^${REPOSITORY_NAME}$`);

/**
 * An allow-list entry: `owner/name#<repository id>`, and optionally `=<prefix>` for the names its pull requests get
 * (`<prefix>-pr-<n>` instead of `pr-<n>`). The id is required: a deleted and re-created repository of the same name is
 * another repository, with another id.
 */
export const ALLOWED_REPOSITORY_PATTERN = new RegExp(`^${REPOSITORY_NAME}#\\d{1,20}(=(?:${NAME_PREFIX}))?$`);
