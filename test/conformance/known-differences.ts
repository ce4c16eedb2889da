import { flatten, join, type Difference, type Sides } from './support/compare.js';

/**
 * Where moto (5.2.1) is known to differ from AWS. This is the one place the comparison forgives a difference, and every
 * entry names the AWS documentation that decides it; the simulated cloud stays on AWS's side of each one.
 * docs/conformance.md shows the same list as a table (known-differences.conformance.ts keeps the two in step).
 *
 * An entry explains a difference only where `explains` says so — a path, and moto's value as well — and names the
 * scenarios that must still show it: when moto is fixed, those comparisons fail, and the entry goes.
 */
export interface KnownDifference {
  id: string;
  /** What moto does. */
  moto: string;
  /** What AWS documents, and what the simulated cloud does. */
  aws: string;
  /** What it means for devenv when it runs on moto. */
  impact: string;
  /** The AWS documentation that decides it. */
  docs: string[];
  explains(difference: Difference, context: ExplainContext): boolean;
  /** Scenario names (as passed to `scenario()`) whose comparison must show this difference. */
  shownBy: string[];
}

export interface ExplainContext {
  sides: Sides;
  /** The scenario being compared. */
  scenario: string;
}

// The engine scenarios (as passed to `scenario()`). An entry that explains by a pattern applies only in the scenarios it
// names in `shownBy` (see `within`), and each of those must still show it.
const LIFECYCLE = 'create without overrides, get, list, destroy';
const OVERRIDES = 'create with overrides, update, redeploy, extend, destroy';
const RECREATE = 're-create right after destroy';
const SWEEP = 'sweep destroys what expired and collects orphans, nothing else';
const FOREIGN_RULE = 'a foreign rule holds the preferred priority';
const RACED_RULE = 'a rule that takes the priority between reading the rules and creating one';
const TARGET_GROUP_CONFLICT = 'a target group name someone else holds fails the create, which rolls back';
const RULE_CONFLICT = 'a host rule someone else made fails the create after the target group, which rolls back';
/** The engine scenarios that observe the whole cloud, the baseline's service, rules, revision and records included. */
const OBSERVING = [LIFECYCLE, OVERRIDES, RECREATE, SWEEP, FOREIGN_RULE, RACED_RULE, TARGET_GROUP_CONFLICT, RULE_CONFLICT];

/** An explanation by pattern, applied only in the scenarios named (which must all still show it). */
function within(shownBy: string[], explains: KnownDifference['explains']): Pick<KnownDifference, 'explains' | 'shownBy'> {
  return { explains: (difference, context) => shownBy.includes(context.scenario) && explains(difference, context), shownBy };
}

/** The path of a cloud observation's item (`<label>.services.<name>.` and the rest), split into its parts. */
const OBSERVED = /^("[^"]+"|[A-Za-z0-9_:-]+)\.(services|taskDefinitions|targetGroups|rules)\.("[^"]+"|[A-Za-z0-9_:-]+)\.(.+)$/;

/** The last key of a path (`a.b."c d"[0].e` → `e`). */
const leaf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/**
 * For an API probe: explains the differences under one note of one scenario when moto noted exactly `motoNoted` there.
 * moto's whole answer is pinned, so a change in moto's behaviour (even a different wrong one) shows up.
 */
function probe(scenario: string, label: string, motoNoted: unknown): Pick<KnownDifference, 'explains' | 'shownBy'> {
  const root = join('', label);
  const under = (path: string) => path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);
  const expected = JSON.stringify([...flatten(motoNoted, root)].sort(([a], [b]) => a.localeCompare(b)));
  return {
    explains: ({ path }, context) => {
      if (context.scenario !== scenario || !under(path)) return false;
      const noted = [...context.sides.moto].filter(([key]) => under(key)).sort(([a], [b]) => a.localeCompare(b));
      return JSON.stringify(noted) === expected;
    },
    shownBy: [scenario],
  };
}

const ECS_API = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference';
const ELB_API = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference';
const ROUTE53_API = 'https://docs.aws.amazon.com/Route53/latest/APIReference';

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  // --- ECS ---
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
  // --- ELBv2 ---
  {
    id: 'moto-target-group-load-balancer-per-action',
    moto: 'Lists a target group\'s load balancer once per listener action or rule that forwards to it.',
    aws: '`LoadBalancerArns` names each load balancer that routes to the target group once.',
    impact: 'None: devenv does not read it.',
    docs: [`${ELB_API}/API_TargetGroup.html`],
    // Only the repeats: a second, third … entry that is moto's first one again, where the simulated cloud lists one.
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const repeat = /^(.*\.targetGroups\.[A-Za-z0-9-]+\.loadBalancers)\[[1-9]\d*\]$/.exec(path);
      return repeat !== null && simulated === undefined && moto === sides.moto.get(`${repeat[1]}[0]`) && sides.simulated.get(`${repeat[1]}[0]`) === moto;
    }),
  },
  {
    id: 'moto-create-target-group-not-idempotent',
    moto: 'CreateTargetGroup with the name and settings of an existing group fails with DuplicateTargetGroupName.',
    aws: 'CreateTargetGroup is idempotent: the same name with the same settings returns the existing group; only other settings fail.',
    impact: 'None: devenv looks the name up first and adopts a group that carries its tags.',
    docs: [`${ELB_API}/API_CreateTargetGroup.html`],
    ...probe('ELBv2: CreateTargetGroup again with the same settings returns the same group', 'create again', {
      outcome: { error: 'DuplicateTargetGroupNameException' },
      sameGroup: false,
    }),
  },
  {
    id: 'moto-delete-rule-twice',
    moto: 'DeleteRule of a rule that no longer exists succeeds.',
    aws: 'DeleteRule of an unknown rule fails with RuleNotFound.',
    impact: 'None: devenv treats RuleNotFound as "already deleted".',
    docs: [`${ELB_API}/API_DeleteRule.html`],
    ...probe('ELBv2: DeleteRule of a rule that is gone fails', 'delete again', { ok: true }),
  },
  {
    id: 'moto-describe-tags-of-deleted',
    moto: 'DescribeTags of a deleted target group succeeds (with no tags for it).',
    aws: 'DescribeTags fails with TargetGroupNotFound when any of the resources does not exist.',
    impact: 'None, but the adapter\'s retry-one-by-one path for a group deleted mid-listing is only exercised on the simulated cloud.',
    docs: [`${ELB_API}/API_DescribeTags.html`],
    ...probe('ELBv2: DescribeTags of a deleted target group fails', 'describe tags', { ok: true }),
  },
  {
    id: 'moto-describe-target-groups-no-paging',
    moto: 'DescribeTargetGroups ignores `PageSize` and returns every group with no `NextMarker`.',
    aws: 'DescribeTargetGroups returns at most `PageSize` (1–400) groups per page, with a `NextMarker`.',
    impact: 'None, but devenv\'s paging through target groups is only exercised on the simulated cloud.',
    docs: [`${ELB_API}/API_DescribeTargetGroups.html`],
    ...probe('ELBv2: DescribeTargetGroups pages by PageSize', 'first page', { onFirstPage: 2, more: false }),
  },
  {
    id: 'moto-rule-forward-action-bare',
    moto: 'Returns a forward action as it was given (`Type`, `TargetGroupArn`), without `Order` and `ForwardConfig`.',
    aws: 'DescribeRules returns the action with its `Order` (1 for the first) and the target group also as `ForwardConfig` (weight 1, stickiness off).',
    impact: 'None: devenv reads both `TargetGroupArn` and `ForwardConfig`, and counts a target group once.',
    docs: [`${ELB_API}/API_Action.html`, `${ELB_API}/API_ForwardActionConfig.html`],
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const action = /^(.*\.rules\.[a-z0-9]+\.actions\[(\d+)\])\.(.+)$/.exec(path);
      if (!action || moto !== undefined || sides.moto.get(`${action[1]}.Type`) !== 'forward') return false;
      const [, at = '', index = '', field = ''] = action;
      const given = sides.moto.get(`${at}.TargetGroupArn`);
      return (
        (field === 'Order' && simulated === Number(index) + 1) ||
        (field === 'ForwardConfig.TargetGroups[0].TargetGroupArn' && simulated === given) ||
        (field === 'ForwardConfig.TargetGroups[0].Weight' && simulated === 1) ||
        (field === 'ForwardConfig.TargetGroupStickinessConfig.Enabled' && simulated === false)
      );
    }),
  },
  {
    id: 'moto-rule-condition-no-values',
    moto: 'Returns a host-header condition made with `HostHeaderConfig` without its values in `Values`.',
    aws: 'DescribeRules returns the host names both in `HostHeaderConfig.Values` and in the condition\'s `Values`.',
    impact: 'None: devenv reads `HostHeaderConfig` and falls back to `Values`.',
    docs: [`${ELB_API}/API_RuleCondition.html`],
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const value = /^(.*\.rules\.[a-z0-9]+\.conditions\[\d+\])\.Values(\[\d+\])$/.exec(path);
      return value !== null && moto === undefined && simulated !== undefined && simulated === sides.moto.get(`${value[1]}.HostHeaderConfig.Values${value[2]}`);
    }),
  },
  // --- Route 53 ---
  {
    id: 'moto-route53-create-over-existing',
    moto: 'A CREATE of a record that exists fails only if an identical CREATE was made before; with other values it adds a second record set of the same name and type.',
    aws: 'CREATE fails with InvalidChangeBatch ("… but it already exists") whenever a record set of that name and type exists.',
    impact: 'On moto the DNS claim is no lock: two racing creates of one environment can both proceed. Never rely on moto for devenv\'s concurrency guarantees.',
    docs: [`${ROUTE53_API}/API_ChangeResourceRecordSets.html`, `${ROUTE53_API}/API_Change.html`, 'https://github.com/getmoto/moto/issues/5059'],
    ...probe('Route 53: CREATE of a record that exists fails, whatever its values', 'create twice', {
      sameValues: { error: 'InvalidChangeBatch', messageMatches: true },
      otherValues: { ok: true },
      recordSets: [['"first"'], ['"second"']],
    }),
  },
  {
    id: 'moto-route53-delete-stale-values',
    moto: 'A DELETE whose values do not match fails with InvalidInput ("Expected exactly one of [AliasTarget, …]"), unless those values were ever created, in which case it deletes the current record whatever its values.',
    aws: 'A DELETE must name the current values exactly; otherwise InvalidChangeBatch ("… the values provided do not match the current values").',
    impact: 'On moto, removing records that changed since devenv read them fails as a plain cloud error instead of "records changed since they were read".',
    docs: [`${ROUTE53_API}/API_ChangeResourceRecordSets.html`],
    ...probe('Route 53: DELETE must name the current values', 'delete with stale values', {
      outcome: { error: 'InvalidInput', messageMatches: false },
      recordSets: [['"current"']],
    }),
  },
  {
    id: 'moto-route53-delete-gone',
    moto: 'A DELETE of a record that was deleted before succeeds.',
    aws: 'A DELETE of a record that does not exist fails with InvalidChangeBatch ("… but it was not found").',
    impact: 'None: devenv treats "not found" on delete as done (and sends the rest of the batch again).',
    docs: [`${ROUTE53_API}/API_ChangeResourceRecordSets.html`],
    ...probe('Route 53: DELETE of a record that is gone fails', 'delete again', { ok: true }),
  },
  {
    id: 'moto-route53-batch-not-atomic',
    moto: 'A change batch that fails part-way keeps the changes before the failing one.',
    aws: 'A change batch is transactional: Route 53 makes all of its changes or none.',
    impact: 'On moto a failed DNS claim takeover (DELETE + CREATE in one batch) could leave the host half-changed.',
    docs: [`${ROUTE53_API}/API_ChangeResourceRecordSets.html`],
    ...probe('Route 53: a change batch is all or nothing', 'batch with a bad change', {
      outcome: { error: 'InvalidChangeBatch' },
      recordSets: [['"value"']],
    }),
  },
  {
    id: 'moto-alias-record-ttl',
    moto: 'Lists alias records with `TTL: 0`.',
    aws: 'Alias records have no TTL of their own (Route 53 uses the alias target\'s); ListResourceRecordSets returns none.',
    impact: 'None: devenv ignores the TTL of alias records.',
    docs: [`${ROUTE53_API}/API_ResourceRecordSet.html`],
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const record = /^(.*\.records\."[^"]+ A"\[\d+\])\.ttl$/.exec(path);
      return record !== null && moto === 0 && simulated === undefined && sides.moto.has(`${record[1]}.alias.dnsName`);
    }),
  },
];

/** The known difference that explains `difference`, if any. */
export function explain(difference: Difference, context: ExplainContext): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((known) => known.explains(difference, context));
}
