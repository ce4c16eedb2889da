import type { Mocks } from './fake-account.js';

/** Every command the three clients received, in the order they were sent (across clients). */
export function commandLog({ ecs, elb, route53 }: Mocks): Array<{ command: string; input: Record<string, unknown> }> {
  const calls = [...ecs.calls(), ...elb.calls(), ...route53.calls()];
  calls.sort((a, b) => (a.calledBefore(b) ? -1 : b.calledBefore(a) ? 1 : 0));
  return calls.map((call) => ({
    command: call.args[0].constructor.name.replace(/Command$/, ''),
    input: call.args[0].input as Record<string, unknown>,
  }));
}

/** Positions of a command in the log (optionally only the calls whose input passes `where`). */
export function positionsOf(log: ReturnType<typeof commandLog>, command: string, where: (input: Record<string, unknown>) => boolean = () => true): number[] {
  return log.flatMap((entry, index) => (entry.command === command && where(entry.input) ? [index] : []));
}
