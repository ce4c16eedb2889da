/**
 * GitHub repository names as devenv accepts them: `owner/name` of letters, digits, `_`, `.` and `-`. The one statement
 * of the rule, for the allow-list in the configuration and for the `repository` claim recorded in owners.
 */
const REPOSITORY_NAME = '[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+';

/** A whole `owner/name`. */
export const REPOSITORY_PATTERN = new RegExp(`^${REPOSITORY_NAME}$`);

/** An allow-list entry: `owner/name`, optionally `#<repository id>` to refuse a re-created repository of the same name. */
export const ALLOWED_REPOSITORY_PATTERN = new RegExp(`^${REPOSITORY_NAME}(#\\d+)?$`);
