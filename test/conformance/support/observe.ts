import type { Backend } from './backends.js';
import { Normaliser } from './normalise.js';
import type { CloudObservation } from './observation.js';
import { observeServices, observeTaskDefinitions } from './observe-ecs.js';
import { observeRules, observeTargetGroups } from './observe-elbv2.js';
import { observeRecords } from './observe-route53.js';

/**
 * Reads the whole state of a backend. Services are found by ListServices *and* by describing every service slot of
 * `environments`, so DRAINING services (which AWS leaves out of ListServices) are seen too.
 */
export async function observeCloud(backend: Backend, { environments = [] }: { environments?: readonly string[] } = {}): Promise<CloudObservation> {
  const normaliser = new Normaliser(backend.ids);
  const [services, taskDefinitions, targetGroups, rules, records] = await Promise.all([
    observeServices(backend, environments),
    observeTaskDefinitions(backend),
    observeTargetGroups(backend),
    observeRules(backend, normaliser),
    observeRecords(backend),
  ]);
  return normaliser.value({ services, taskDefinitions, targetGroups, rules, records });
}
