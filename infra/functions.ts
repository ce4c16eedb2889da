/**
 * Every Lambda function devenv deploys, one line each: `functions/<name>.ts` is its entry, and `access` says which AWS
 * permissions it gets (see permissions.ts). Plain data, so the bundler script reads the same list as the stack.
 */

/** What a function may do; each maps to IAM statements in permissions.ts. */
export type Access =
  /** create, update, extend, destroy, get and list environments (the API and the Slack worker) */
  | 'environments'
  /** list environments and delete expired or orphaned ones, nothing else (the sweep) */
  | 'sweep'
  /** the environments' leases in the lock table (`env#<identity>#…` only): every function that changes environments */
  | 'lock'
  /** the Slack receiver's replay leases in the lock table (`slack-replay#…` only) */
  | 'replay'
  /** the installation's environment counts (one item of the lock table): every function that creates or removes environments */
  | 'counts'
  /** read the one Secrets Manager secret (Slack signing secret, bot token, API token hashes) */
  | 'secrets';

export interface FunctionSpec {
  /** `functions/<name>.ts`; also the construct id and the stack output prefix. */
  name: string;
  description: string;
  memoryMiB: number;
  timeoutSeconds: number;
  access: readonly Access[];
  /** Served on a public HTTPS Function URL (the function authenticates its callers itself). */
  url?: boolean;
  /** Run by the sweep schedule. */
  scheduled?: boolean;
  /** Names of functions this one invokes asynchronously; it gets their names as env vars and lambda:InvokeFunction. */
  invokes?: readonly string[];
  /** Invoked asynchronously: events that still fail after Lambda's two retries are kept in an SQS queue. */
  keepFailedEvents?: boolean;
  environment?: Readonly<Record<string, string>>;
}

/** The API's `?wait=` stops this long before the function's own timeout, so a long wait still answers. */
export const API_TIMEOUT_SECONDS = 300;
const API_WAIT_MARGIN_SECONDS = 30;

export const API_FUNCTION: FunctionSpec = {
  name: 'api',
  description: 'devenv REST API (Function URL)',
  memoryMiB: 1024,
  timeoutSeconds: API_TIMEOUT_SECONDS,
  access: ['environments', 'lock', 'counts', 'secrets'],
  url: true,
  environment: { DEVENV_MAX_WAIT_SECONDS: String(API_TIMEOUT_SECONDS - API_WAIT_MARGIN_SECONDS) },
};

export const SWEEP_FUNCTION: FunctionSpec = {
  name: 'sweep',
  description: 'devenv sweep: deletes expired environments and orphans (EventBridge Scheduler)',
  memoryMiB: 512,
  timeoutSeconds: 600,
  // secrets: the Slack bot token for expiry warnings and channel notices.
  access: ['sweep', 'lock', 'counts', 'secrets'],
  scheduled: true,
};

/**
 * The Slack pair: the receiver acks within Slack's 3 seconds and hands the command to the worker asynchronously
 * (`functions/slack.ts`, `functions/slack-worker.ts`).
 */
export const SLACK_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'slack',
    description: 'devenv Slack receiver: verifies, acks, hands off to the worker (Function URL)',
    memoryMiB: 512,
    timeoutSeconds: 10,
    // replay: the replay check shares the lock table (a lease per request signature), so a replay meets every instance.
    access: ['secrets', 'replay'],
    url: true,
    invokes: ['slack-worker'],
  },
  {
    name: 'slack-worker',
    description: 'devenv Slack worker: runs /devenv commands and answers on response_url',
    memoryMiB: 1024,
    // The worker waits up to 10 minutes for a new environment to turn healthy before it posts the URL.
    timeoutSeconds: 900,
    access: ['environments', 'lock', 'counts', 'secrets'],
    keepFailedEvents: true,
  },
];

/** What `npm run synth` / `npm run deploy` and `npm run build:functions` ship. Adding a function is one line here. */
export const DEPLOYED_FUNCTIONS: readonly FunctionSpec[] = [API_FUNCTION, SWEEP_FUNCTION, ...SLACK_FUNCTIONS];

/** `slack-worker` → `DEVENV_SLACK_WORKER_FUNCTION`: the env var that names an invoked function. */
export function functionNameVariable(name: string): string {
  return `DEVENV_${name.toUpperCase().replace(/-/g, '_')}_FUNCTION`;
}
