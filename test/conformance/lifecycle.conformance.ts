import { expect } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { environmentNames } from '../../src/core/names.js';
import { HOUR, START } from './support/backends.js';
import { BASELINE } from './support/baseline.js';
import { expectAws } from './support/probe.js';
import { removalView, scenario } from './support/scenario.js';

const owner = 'github:acme/web@octocat';
/** An environment's names under the backend's own installation identity (it hashes the backend's listener ARN and zone). */
const names = (engine: Engine, env: string) => environmentNames(engine.config.installation, env, BASELINE.baseDomain);

scenario('create without overrides, get, list, destroy', async ({ backend, engine, step, failure, observe }) => {
  // Prepare
  const baseline = await observe('baseline');
  const { host, targetGroup, serviceSlots } = names(engine, 'pr-1');

  // Act
  const created = await step('create', () => engine.create({ name: 'pr-1', app: 'web', owner, ttl: '24h' }));
  const cloud = await observe('after create');

  // Assess: the clone runs the baseline's own revision, behind its own target group, rule and records
  expect(created.outcome).toBe('created');
  expect(cloud.taskDefinitions).toEqual(baseline.taskDefinitions);
  expect(cloud.services[serviceSlots[0]!]).toMatchObject({
    status: 'ACTIVE',
    taskDefinition: '<task-definition:web:1>',
    desiredCount: 1,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    network: { subnets: ['<subnet-0>', '<subnet-1>'], securityGroups: ['<sg-0>'], assignPublicIp: 'DISABLED' },
    loadBalancers: [{ targetGroup: `<tg:${targetGroup}>`, container: 'web', port: 8080 }],
    propagateTags: 'SERVICE',
    tags: {
      'devenv:managed-by': engine.config.installation,
      'devenv:environment': 'pr-1',
      'devenv:app': 'web',
      'devenv:owner': owner,
      'devenv:created-at': START.toISOString(),
      'devenv:expires-at': new Date(START.getTime() + 24 * HOUR).toISOString(),
    },
  });
  expect(cloud.targetGroups[targetGroup]).toMatchObject({
    protocol: 'HTTP',
    port: 8080,
    vpc: '<vpc>',
    targetType: 'ip',
    healthCheck: { path: '/healthz', matcher: '200', intervalSeconds: 5, timeoutSeconds: 4, healthyThreshold: 2, unhealthyThreshold: 2 },
    deregistrationDelaySeconds: '5',
    tags: { 'devenv:managed-by': engine.config.installation, 'devenv:environment': 'pr-1', 'devenv:app': 'web', 'devenv:created-at': START.toISOString() },
  });
  // Assess: the settings moto drops (moto-drops-service-settings), as AWS documents them, on the simulated cloud:
  // ECS Exec copied from the baseline, the circuit breaker on (without rollback), ECS managed tags
  const clone = cloud.services[serviceSlots[0]!]!;
  expect(clone.enableExecuteCommand).toBe(baseline.services[BASELINE.service]!.enableExecuteCommand);
  expectAws(backend, baseline.services[BASELINE.service]!.enableExecuteCommand, true);
  expectAws(
    backend,
    { enableExecuteCommand: clone.enableExecuteCommand, enableECSManagedTags: clone.enableECSManagedTags, circuitBreaker: clone.deploymentConfiguration?.deploymentCircuitBreaker },
    { enableExecuteCommand: true, enableECSManagedTags: true, circuitBreaker: { enable: true, rollback: false } },
  );
  const rules = Object.entries(cloud.rules).filter(([, rule]) => rule.hosts.includes(host));
  expect(rules).toEqual([
    [
      expect.stringMatching(/^\d+$/),
      expect.objectContaining({ hosts: [host], forwardTo: [`<tg:${targetGroup}>`], tags: expect.objectContaining({ 'devenv:environment': 'pr-1' }) }),
    ],
  ]);
  expect(rules[0]![1].actions).toEqual([expect.objectContaining({ Type: 'forward', TargetGroupArn: `<tg:${targetGroup}>` })]);
  expect(rules[0]![1].conditions).toEqual([expect.objectContaining({ Field: 'host-header', HostHeaderConfig: { Values: [host] } })]);
  expect(cloud.records[`${host} A`]).toEqual([expect.objectContaining({ alias: { dnsName: '<alb-dns>', hostedZoneId: '<alb-zone>', evaluateTargetHealth: false } })]);
  expect(cloud.records[`${host} TXT`]).toEqual([
    { ttl: 60, values: [`"devenv=2,m=${engine.config.installation},e=pr-1,a=web,t=${Math.floor(START.getTime() / 1000)},c=<uuid>"`] },
  ]);

  // Act: read it back
  const got = await step('get', () => engine.get('pr-1'));
  const listed = await step('list', () => engine.list());
  expect(got).toMatchObject({ name: 'pr-1', app: 'web', owner, host, url: `http://${host}`, images: { web: BASELINE.image, 'log-router': BASELINE.sidecarImage } });
  // Assess: on AWS (and the simulated cloud, whose deployments complete at once) the environment is running; moto runs
  // no tasks (moto-runs-no-tasks)
  expect(created.environment.status).toBe('creating');
  expectAws(backend, got.status, 'running');
  expectAws(backend, cloud.services[serviceSlots[0]!]!.runningCount, 1);
  expect(listed.map((environment) => environment.name)).toEqual(['pr-1']);

  // Act: destroy, twice
  const destroyed = await step('destroy', () => engine.destroy('pr-1'), removalView);
  const again = await step('destroy again', () => engine.destroy('pr-1'));
  await failure('get after destroy', () => engine.get('pr-1'));
  await observe('after destroy', { environments: ['pr-1'] });
  backend.advance(HOUR);
  const drained = await observe('an hour later', { environments: ['pr-1'] });

  // Assess: the baseline, exactly as it was, and nothing else
  expect(destroyed.found).toBe(true);
  expect(again).toMatchObject({ found: false, removed: [] });
  expect(drained).toEqual(baseline);
});

scenario('create with overrides, update, redeploy, extend, destroy', async ({ backend, engine, step, observe }) => {
  // Prepare
  const baseline = await observe('baseline');
  const { serviceSlots } = names(engine, 'pr-2');
  const ours = { 'devenv:managed-by': engine.config.installation, 'devenv:environment': 'pr-2', 'devenv:app': 'web' };

  // Act: create with an image and a variable for one container
  const created = await step('create', () =>
    engine.create({ name: 'pr-2', app: 'web', owner, images: { web: 'repo/web:sha-1' }, environment: { web: { FEATURE: 'on', LOG_LEVEL: 'debug' } } }),
  );
  const afterCreate = await observe('after create');

  // Assess: a new revision, a copy of the baseline's with the overrides, tagged as devenv's, run by the service
  expect(created.outcome).toBe('created');
  const web1 = baseline.taskDefinitions['web:1']!;
  const overridden = [
    { name: 'APP_ENV', value: 'dev' },
    { name: 'LOG_LEVEL', value: 'debug' },
    { name: 'FEATURE', value: 'on' },
  ];
  expect(afterCreate.taskDefinitions['web:2']).toEqual({
    ...web1,
    containers: { web: { ...web1.containers.web, image: 'repo/web:sha-1', environment: overridden }, 'log-router': web1.containers['log-router'] },
    tags: { ...ours, 'devenv:created-at': START.toISOString() },
  });
  // The copy keeps what the baseline's containers declare, not only image, variables and ports.
  expect(web1).toMatchObject({ cpu: '256', memory: '512', executionRoleArn: BASELINE.executionRoleArn });
  expect(web1.containers.web).toMatchObject({ essential: true, portMappings: [expect.objectContaining({ containerPort: 8080, protocol: 'tcp' })] });
  expect(web1.containers['log-router']).toMatchObject({ essential: false, memoryReservation: 50 });
  expect(afterCreate.services[serviceSlots[0]!]?.taskDefinition).toBe('<task-definition:web:2>');

  // Act: a new image replaces the revision devenv registered
  backend.advance(HOUR);
  const updated = await step('update', () => engine.create({ name: 'pr-2', app: 'web', owner, images: { web: 'repo/web:sha-2' } }));
  const afterUpdate = await observe('after update');
  expect(updated.outcome).toBe('updated');
  expect(Object.keys(afterUpdate.taskDefinitions)).toEqual(['web:1', 'web:3']);
  expect(afterUpdate.taskDefinitions['web:3']).toEqual({
    ...afterCreate.taskDefinitions['web:2'],
    containers: { web: { ...web1.containers.web, image: 'repo/web:sha-2', environment: overridden }, 'log-router': web1.containers['log-router'] },
    tags: { ...ours, 'devenv:created-at': new Date(START.getTime() + HOUR).toISOString() },
  });
  expect(afterUpdate.services[serviceSlots[0]!]?.taskDefinition).toBe('<task-definition:web:3>');

  // Act: the same tag again redeploys without a new revision; an empty request changes nothing
  const redeployed = await step('same image again', () => engine.create({ name: 'pr-2', app: 'web', owner, images: { web: 'repo/web:sha-2' } }));
  const unchanged = await step('nothing new', () => engine.create({ name: 'pr-2', app: 'web', owner }));
  expect(redeployed.outcome).toBe('updated');
  expect(redeployed.calls.map((call) => call.command)).not.toContain('RegisterTaskDefinition');
  expect(unchanged.outcome).toBe('unchanged');
  expect(unchanged.calls.map((call) => call.command)).not.toContain('UpdateService');

  // Act: extend
  backend.advance(HOUR);
  const extended = await step('extend', () => engine.extend('pr-2', '72h'));
  const afterExtend = await observe('after extend');
  // Extend adds to the expiry: the default 48 h from the create, plus 72 h.
  const expiresAt = new Date(START.getTime() + 48 * HOUR + 72 * HOUR).toISOString();
  expect(extended.environment.expiresAt).toBe(expiresAt);
  expect(afterExtend.services[serviceSlots[0]!]?.tags).toMatchObject({ ...ours, 'devenv:expires-at': expiresAt, 'devenv:created-at': START.toISOString() });

  // Act: destroy
  const destroyed = await step('destroy', () => engine.destroy('pr-2'), removalView);
  backend.advance(HOUR);
  const drained = await observe('an hour later', { environments: ['pr-2'] });

  // Assess: the revision devenv registered went with it; the baseline's stayed
  expect(destroyed.removed).toContainEqual({ kind: 'task-definition', id: expect.stringMatching(/task-definition\/web:3$/) });
  expect(drained).toEqual(baseline);
});

scenario('re-create right after destroy', async ({ backend, engine, step, observe }) => {
  // Prepare
  const baseline = await observe('baseline');
  await step('create', () => engine.create({ name: 'pr-3', app: 'web', owner }), ({ outcome, environment }) => ({ outcome, service: environment.service.name }));
  await step('destroy', () => engine.destroy('pr-3'), removalView);

  // Act
  const again = await step('create again', () => engine.create({ name: 'pr-3', app: 'web', owner }), ({ outcome, environment }) => ({
    outcome,
    service: environment.service.name,
    host: environment.host,
  }));
  const cloud = await observe('after create again', { environments: ['pr-3'] });

  // Assess: a new environment under the same host (the service name slot depends on draining; see known differences)
  const { serviceSlots, targetGroup, host } = names(engine, 'pr-3');
  expect(again.outcome).toBe('created');
  expect(again.environment.host).toBe(host);
  expect(serviceSlots.slice(0, 2)).toContain(again.environment.service.name);
  expectAws(backend, again.environment.service.name, serviceSlots[1]);
  expect((await engine.list()).map((environment) => environment.name)).toEqual(['pr-3']);
  // Assess, with plain SDK calls: one ACTIVE service for pr-3, behind its target group, one rule and one set of records
  const active = Object.entries(cloud.services).filter(([, service]) => service.status === 'ACTIVE' && service.tags['devenv:environment'] === 'pr-3');
  expect(active.map(([name, service]) => [name, service.loadBalancers])).toEqual([[again.environment.service.name, [{ targetGroup: `<tg:${targetGroup}>`, container: 'web', port: 8080 }]]]);
  expect(Object.values(cloud.rules).filter((rule) => rule.hosts.includes(host))).toHaveLength(1);
  expect(cloud.records[`${host} TXT`]).toHaveLength(1);
  expect(cloud.records[`${host} A`]).toHaveLength(1);

  // Act: destroy again; an hour later the cloud is the baseline
  await step('destroy again', () => engine.destroy('pr-3'), removalView);
  backend.advance(HOUR);
  expect(await observe('an hour later', { environments: ['pr-3'] })).toEqual(baseline);
});
