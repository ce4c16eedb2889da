import type { EnvironmentView } from '../contract/views.js';
import { nextPollInterval } from '../contract/polling.js';
import type { Command } from './args.js';
import { ApiError, type ApiClient } from './client.js';
import { UnreachableError } from './errors.js';
import { EXIT, exitCodeForProblem, type ExitCode } from './exit-codes.js';
import { formatEnvironment, formatEnvironmentList, formatSweep, relativeTime } from './format.js';
import type { Progress } from './progress.js';

export interface CommandContext {
  client: ApiClient;
  json: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  progress: () => Progress;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  pollIntervalMs: number;
}

/** Failed polls in a row that `--wait` rides out (a Lambda cold start, a brief network blip). */
const TOLERATED_POLL_FAILURES = 3;

const printJson = (context: CommandContext, value: unknown) => context.stdout(`${JSON.stringify(value, null, 2)}\n`);

/** Runs one command against the API and returns its exit code; API errors propagate to `main`. */
export async function runCommand(command: Exclude<Command, { name: 'help' }>, context: CommandContext): Promise<ExitCode> {
  switch (command.name) {
    case 'create':
      return create(command, context);
    case 'list': {
      const { name: _, ...filter } = command;
      const { environments } = await context.client.list(filter);
      if (context.json) printJson(context, { environments });
      else context.stdout(`${formatEnvironmentList(environments, context.now())}\n`);
      return EXIT.ok;
    }
    case 'get': {
      const environment = await context.client.get(command.env);
      if (context.json) printJson(context, environment);
      else context.stdout(`${formatEnvironment(environment, context.now())}\n`);
      return EXIT.ok;
    }
    case 'extend': {
      const result = await context.client.extend(command.env, command.ttl);
      if (context.json) printJson(context, result);
      else {
        const cap = result.capped ? '; capped: an environment may live at most the configured maximum from now' : '';
        context.stdout(`${result.name} now expires ${relativeTime(result.expiresAt, context.now())} (${result.expiresAt})${cap}\n`);
      }
      return EXIT.ok;
    }
    case 'repair': {
      const result = await context.client.repair(command.env);
      if (context.json) printJson(context, result);
      else if (result.repaired.length === 0) context.stdout(`${result.name} has every part; nothing to repair\n`);
      else context.stdout(`${result.name}: re-created ${result.repaired.map(({ part, name }) => `${part} ${name}`).join(', ')}\n`);
      return EXIT.ok;
    }
    case 'sweep': {
      if (command.dryRun) {
        const plan = await context.client.planSweep();
        if (context.json) printJson(context, plan);
        else context.stdout(`${formatSweep(plan)}\n`);
        return EXIT.ok;
      }
      const report = await context.client.runSweep();
      if (context.json) printJson(context, report);
      else {
        context.stdout(`${formatSweep({ ...report, resources: report.removed })}\n`);
        if (report.skipped?.length) context.stdout(`skipped (another call was changing them; the next sweep looks again): ${report.skipped.join(', ')}\n`);
      }
      // What could not be removed is left for the next sweep: "retrying may help".
      return report.failures.length > 0 ? EXIT.unavailable : EXIT.ok;
    }
    case 'destroy':
      try {
        await context.client.destroy(command.env);
      } catch (error) {
        // Only devenv's own not-found: a 404 from a proxy or a wrong URL says nothing about the environment.
        if (!(command.missingOk && error instanceof ApiError && error.kind === 'not-found')) throw error;
        if (context.json) printJson(context, { name: command.env, destroyed: false });
        else context.stdout(`${command.env} did not exist\n`);
        return EXIT.ok;
      }
      if (context.json) printJson(context, { name: command.env, destroyed: true });
      else context.stdout(`destroyed ${command.env}\n`);
      return EXIT.ok;
  }
}

async function create(command: Extract<Command, { name: 'create' }>, context: CommandContext): Promise<ExitCode> {
  const result = await context.client.put(command.env, {
    app: command.app,
    ...(command.ttl !== undefined ? { ttl: command.ttl } : {}),
    ...(Object.keys(command.images).length ? { images: command.images } : {}),
    ...(Object.keys(command.environment).length ? { environment: command.environment } : {}),
  });
  let environment: EnvironmentView = result;
  if (command.waitSeconds !== undefined && environment.status === 'creating') {
    environment = await waitUntilSettled(command.env, environment, command.waitSeconds * 1000, context);
  }
  if (context.json) {
    printJson(context, { ...result, ...environment });
  } else {
    const verb = result.outcome === 'unchanged' ? `${command.env} unchanged` : `${result.outcome} ${command.env}`;
    context.stdout(`${verb}\n${formatEnvironment(environment, context.now())}\n`);
  }
  if (command.waitSeconds === undefined) return EXIT.ok;
  if (environment.status === 'running') return EXIT.ok;
  if (environment.status === 'creating') {
    context.stderr(`devenv: ${command.env} is still creating after ${command.waitSeconds}s; "devenv get ${command.env}" shows progress\n`);
    return EXIT.waitTimedOut;
  }
  context.stderr(`devenv: ${command.env} is ${environment.status}${environment.statusReason ? `: ${environment.statusReason}` : ''}\n`);
  return EXIT.environmentFailed;
}

/** Polls GET, at growing intervals (contract/polling.ts), until the environment leaves `creating` or the time is up, showing progress. */
async function waitUntilSettled(name: string, initial: EnvironmentView, timeoutMs: number, context: CommandContext): Promise<EnvironmentView> {
  const started = context.now();
  const progress = context.progress();
  let environment = initial;
  let failures = 0;
  let interval = context.pollIntervalMs;
  try {
    progress.update(environment, 0);
    while (environment.status === 'creating') {
      const remaining = started + timeoutMs - context.now();
      if (remaining <= 0) break;
      await context.sleep(Math.min(interval, remaining));
      interval = nextPollInterval(interval);
      try {
        environment = await context.client.get(name);
        failures = 0;
      } catch (error) {
        // Exit 8 means "retrying may help": a 5xx, a gateway's throttling, no answer in time.
        const transient = error instanceof UnreachableError || (error instanceof ApiError && exitCodeForProblem(error.problem) === EXIT.unavailable);
        if (!transient || ++failures > TOLERATED_POLL_FAILURES) throw error;
      }
      progress.update(environment, context.now() - started);
    }
  } finally {
    progress.stop();
  }
  return environment;
}
