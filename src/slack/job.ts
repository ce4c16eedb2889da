import type { SlackUser } from './slack-principal.js';

/** The AWS work of one command or click, done by the worker: plain JSON, so it travels in an asynchronous invoke. */
export type SlackWork =
  | {
      kind: 'create';
      name: string;
      app: string;
      images: Record<string, string>;
      environment: Record<string, Record<string, string>>;
      ttl?: string;
    }
  | { kind: 'list'; scope: 'mine' | 'all' }
  | { kind: 'status'; name: string }
  | { kind: 'extend'; name: string; ttl?: string }
  | { kind: 'destroy'; name: string };

export interface SlackJob {
  /** For logs: ties the worker's lines to the request that acknowledged it. */
  id: string;
  user: SlackUser;
  /** Where the worker posts progress and the result (up to 5 posts within 30 minutes). */
  responseUrl: string;
  work: SlackWork;
  /** When it was queued for the worker (ISO time; the Lambda hand-over sets it): a job older than STALE_JOB_MS is dropped. */
  acceptedAt?: string;
}

/** Hands a job to the worker. Resolves once the job is safely handed over, never after it ran. */
export interface JobDispatcher {
  dispatch(job: SlackJob): Promise<void>;
}

const KINDS = new Set(['create', 'list', 'status', 'extend', 'destroy']);

/** Checks the shape of a job read from an invoke payload; the worker validates its contents again like any request. */
export function isSlackJob(value: unknown): value is SlackJob {
  if (typeof value !== 'object' || value === null) return false;
  const job = value as Partial<SlackJob>;
  return (
    typeof job.id === 'string' &&
    typeof job.responseUrl === 'string' &&
    typeof job.user?.teamId === 'string' &&
    typeof job.user.userId === 'string' &&
    typeof job.work === 'object' &&
    job.work !== null &&
    KINDS.has(job.work.kind) &&
    (job.acceptedAt === undefined || typeof job.acceptedAt === 'string')
  );
}
