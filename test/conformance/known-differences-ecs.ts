import { leaf, OBSERVED, probe, within, type KnownDifference } from './known-difference.js';
import { LIFECYCLE, OBSERVING, RECREATE, SWEEP } from './observing-scenarios.js';

const ECS_API = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference';

/** Where moto differs from AWS in ECS (known-differences.ts has the whole list). */
export const ECS_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'moto-runs-no-tasks',
    moto: 'Starts no tasks: services keep `runningCount` 0 and their deployment `IN_PROGRESS`.',
    aws: 'CreateService runs and maintains the desired number of tasks; the deployment completes once they run.',
    impact: 'devenv reports every environment on moto as `creating` (never `running`), with 0 running tasks.',
    docs: [`${ECS_API}/API_CreateService.html`, `${ECS_API}/API_Deployment.html`],
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      // A service's running count (observed, or an environment's): 0 on moto, its desired count on the simulated cloud, …
      if (leaf(path) === 'runningCount') return moto === 0 && simulated === sides.simulated.get(path.replace(/runningCount$/, 'desiredCount'));
      // … or the status of an environment an engine step returned ("creating" where AWS says "running"), and its reason.
      const status = /^(get|list\[\d+\]|("[^"]+"|[A-Za-z0-9_-]+)\.environment)\.(status|statusReason)$/.exec(path);
      if (status?.[3] === 'statusReason') return moto === undefined && sides.moto.get(path.replace(/statusReason$/, 'status')) === 'creating';
      return status !== null && moto === 'creating' && simulated === 'running';
    }),
  },
  {
    id: 'moto-drops-service-settings',
    moto: 'Ignores `deploymentConfiguration` (percentages and circuit breaker), `healthCheckGracePeriodSeconds`, `enableECSManagedTags` and `enableExecuteCommand` in CreateService; DescribeServices leaves them out.',
    aws: 'CreateService applies them all, and DescribeServices returns them on the service.',
    impact: 'On moto a clone never gets ECS Exec (devenv copies the baseline\'s setting, which moto reports as off), and its circuit breaker and grace period are not visible.',
    docs: [`${ECS_API}/API_CreateService.html`, `${ECS_API}/API_Service.html`],
    ...within(OBSERVING, ({ path, moto, simulated }) => {
      const [, , kind, , field = ''] = OBSERVED.exec(path) ?? [];
      return (
        kind === 'services' &&
        moto === undefined &&
        simulated !== undefined &&
        /^(deploymentConfiguration\.(maximumPercent|minimumHealthyPercent|deploymentCircuitBreaker\.(enable|rollback))|healthCheckGracePeriodSeconds|enableECSManagedTags|enableExecuteCommand)$/.test(field)
      );
    }),
  },
  {
    id: 'moto-deleted-service-skips-draining',
    moto: 'DeleteService makes the service INACTIVE at once, so its name is free again immediately.',
    aws: 'A deleted service is DRAINING until its tasks have stopped, then INACTIVE; creating a service with the name of a DRAINING one fails.',
    impact: 'A quick re-create on moto reuses the first service name; on AWS devenv takes the next name slot (`devenv-<name>--1`).',
    docs: [`${ECS_API}/API_DeleteService.html`],
    ...within([LIFECYCLE, RECREATE, SWEEP], ({ path, moto, simulated }, { sides, scenario }) => {
      const [, label = '', kind, name = '', field = ''] = OBSERVED.exec(path) ?? [];
      const simulatedService = (service: string, key: string) => sides.simulated.get(`${label}.services.${service}.${key}`);
      // A deleted service the simulated cloud still shows DRAINING (with no tasks wanted) and moto no longer shows.
      if (kind === 'services' && moto === undefined && simulatedService(name, 'status') === 'DRAINING' && simulatedService(name, 'desiredCount') === 0) return true;
      if (scenario !== RECREATE) return false;
      // The re-create: moto gave the first name slot to the new service, the simulated cloud the next one (its first
      // still DRAINING): in the step's result, the second destroy's service ARN, and the observed services.
      if (path === '"create again".service' || /^"destroy again"\.removed\[\d+\]\.id$/.test(path)) {
        return typeof moto === 'string' && typeof simulated === 'string' && simulated.replace(/--1(>?)$/, '$1') === moto;
      }
      if (label !== '"after create again"' || kind !== 'services' || !['devenv-pr-3', 'devenv-pr-3--1'].includes(name)) return false;
      // The service moto shows in the first slot is the one the simulated cloud shows in the next (what devenv made of
      // it: revision, network, load balancer link, tags; the other fields have known differences of their own).
      const identity = /^(status|desiredCount|taskDefinition|launchType|platformVersion|propagateTags|network\.|loadBalancers\[|tags\.)/;
      const first = [...sides.moto].filter(([key]) => key.startsWith(`${label}.services.devenv-pr-3.`) && identity.test(key.slice(`${label}.services.devenv-pr-3.`.length)));
      const movedToNextSlot =
        first.length > 0 && first.every(([key, value]) => JSON.stringify(sides.simulated.get(key.replace('.devenv-pr-3.', '.devenv-pr-3--1.'))) === JSON.stringify(value));
      return movedToNextSlot && simulatedService('devenv-pr-3', 'status') === 'DRAINING' && sides.moto.get(`${label}.services.devenv-pr-3--1.status`) === undefined && field !== '';
    }),
  },
  {
    id: 'moto-lists-deleted-services',
    moto: 'ListServices lists deleted (INACTIVE) services too.',
    aws: 'Once deleted (DRAINING), a service is no longer listed by ListServices; DescribeServices still shows it.',
    impact: 'None: devenv describes every listed service and keeps the ACTIVE ones.',
    docs: [`${ECS_API}/API_DeleteService.html`, `${ECS_API}/API_ListServices.html`],
    ...probe('ECS: a deleted service leaves ListServices at once', 'after delete', { listed: ['probe-deleted', 'web'], describedAs: 'INACTIVE' }),
  },
  {
    id: 'moto-list-services-no-paging',
    moto: 'ListServices ignores `maxResults` and returns every service with no `nextToken`.',
    aws: 'ListServices returns at most `maxResults` (1–100, default 10) services per page, with a `nextToken`.',
    impact: 'None, but devenv\'s paging through ListServices is only exercised on the simulated cloud.',
    docs: [`${ECS_API}/API_ListServices.html`],
    ...probe('ECS: ListServices pages by maxResults', 'first page', { onFirstPage: 3, more: false }),
  },
  {
    id: 'moto-create-service-replaces',
    moto: 'CreateService with the name of an ACTIVE service succeeds and replaces that service.',
    aws: 'Creating a service with the name of an ACTIVE or DRAINING service fails (InvalidParameterException).',
    impact: 'None for devenv, which checks every name slot first; but on moto a mistake could overwrite a baseline service.',
    docs: [`${ECS_API}/API_DeleteService.html`, `${ECS_API}/API_CreateService.html`],
    ...probe('ECS: CreateService with the name of an ACTIVE service fails', 'create over the baseline', { outcome: { ok: true }, baselineDesiredCount: 3 }),
  },
  {
    id: 'moto-create-service-unattached-target-group',
    moto: 'CreateService accepts a target group that no listener or rule forwards to.',
    aws: 'ECS refuses it: "The target group … does not have an associated load balancer" (InvalidParameterException). The target group must be attached to the load balancer first.',
    impact: 'On moto the order devenv keeps (rule before service) is not enforced, so only the simulated cloud catches a regression there.',
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-load-balancing.html', `${ECS_API}/API_LoadBalancer.html`],
    ...probe('ECS: CreateService with a target group no listener uses fails', 'create', { ok: true }),
  },
  {
    id: 'moto-container-definition-defaults',
    moto: 'Returns container definitions without `systemControls` and, in `awsvpc` mode, port mappings without `hostPort`.',
    aws: 'DescribeTaskDefinition returns `systemControls: []` and, in `awsvpc` mode, each port mapping\'s `hostPort` (the container port).',
    impact: 'None: devenv copies the definitions it reads, and both forms register the same.',
    docs: [`${ECS_API}/API_ContainerDefinition.html`, `${ECS_API}/API_PortMapping.html`],
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const [, label = '', kind, name = '', field = ''] = OBSERVED.exec(path) ?? [];
      if (kind !== 'taskDefinitions' || moto !== undefined) return false;
      if (/^containers\.("[^"]+"|[A-Za-z0-9_:-]+)\.systemControls$/.test(field)) return JSON.stringify(simulated) === '[]';
      const mapping = /^(containers\.(?:"[^"]+"|[A-Za-z0-9_:-]+)\.portMappings\[\d+\])\.hostPort$/.exec(field);
      return (
        mapping !== null &&
        sides.moto.get(`${label}.taskDefinitions.${name}.networkMode`) === 'awsvpc' &&
        simulated === sides.moto.get(`${label}.taskDefinitions.${name}.${mapping[1]}.containerPort`)
      );
    }),
  },
];
