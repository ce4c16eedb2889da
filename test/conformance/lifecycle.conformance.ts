import { expect } from 'vitest';
import { environmentNames } from '../../src/core/names.js';
import { HOUR, START } from './support/backends.js';
import { BASELINE } from './support/baseline.js';
import { removalView, scenario } from './support/scenario.js';

const owner = 'github:acme/web@octocat';
const names = (env: string) => environmentNames('devenv', env, BASELINE.baseDomain);

scenario('create without overrides, get, list, destroy', async ({ backend, engine, step, failure, observe }) => {
  // Prepare
  const baseline = await observe('baseline');
  const { host, targetGroup, serviceSlots } = names('pr-1');

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
      'devenv:managed-by': 'devenv',
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
    tags: { 'devenv:managed-by': 'devenv', 'devenv:environment': 'pr-1', 'devenv:app': 'web', 'devenv:created-at': START.toISOString() },
  });
  const rules = Object.entries(cloud.rules).filter(([, rule]) => rule.hosts.includes(host));
  expect(rules).toEqual([[expect.stringMatching(/^\d+$/), { hosts: [host], forwardTo: [`<tg:${targetGroup}>`], tags: expect.objectContaining({ 'devenv:environment': 'pr-1' }) }]]);
  expect(cloud.records[`${host} A`]).toEqual([expect.objectContaining({ alias: { dnsName: '<alb-dns>', hostedZoneId: '<alb-zone>', evaluateTargetHealth: false } })]);
  expect(cloud.records[`${host} TXT`]).toEqual([
    { ttl: 60, values: [`"heritage=devenv,managed-by=devenv,environment=pr-1,app=web,created-at=${START.toISOString()},claim=<uuid>"`] },
  ]);

  // Act: read it back
  const got = await step('get', () => engine.get('pr-1'));
  const listed = await step('list', () => engine.list());
  expect(got).toMatchObject({ name: 'pr-1', app: 'web', owner, host, url: `http://${host}`, images: { web: BASELINE.image, 'log-router': BASELINE.sidecarImage } });
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
  const { serviceSlots } = names('pr-2');
  const ours = { 'devenv:managed-by': 'devenv', 'devenv:environment': 'pr-2', 'devenv:app': 'web' };

  // Act: create with an image and a variable for one container
  const created = await step('create', () =>
    engine.create({ name: 'pr-2', app: 'web', owner, images: { web: 'repo/web:sha-1' }, environment: { web: { FEATURE: 'on', LOG_LEVEL: 'debug' } } }),
  );
  const afterCreate = await observe('after create');

  // Assess: a new revision, a copy of the baseline's with the overrides, tagged as devenv's, run by the service
  expect(created.outcome).toBe('created');
  expect(afterCreate.taskDefinitions['web:2']).toEqual({
    ...baseline.taskDefinitions['web:1'],
    containers: {
      web: { image: 'repo/web:sha-1', environment: { APP_ENV: 'dev', LOG_LEVEL: 'debug', FEATURE: 'on' }, ports: [8080] },
      'log-router': baseline.taskDefinitions['web:1']!.containers['log-router'],
    },
    tags: { ...ours, 'devenv:created-at': START.toISOString() },
  });
  expect(afterCreate.services[serviceSlots[0]!]?.taskDefinition).toBe('<task-definition:web:2>');

  // Act: a new image replaces the revision devenv registered
  backend.advance(HOUR);
  const updated = await step('update', () => engine.create({ name: 'pr-2', app: 'web', owner, images: { web: 'repo/web:sha-2' } }));
  const afterUpdate = await observe('after update');
  expect(updated.outcome).toBe('updated');
  expect(Object.keys(afterUpdate.taskDefinitions)).toEqual(['web:1', 'web:3']);
  expect(afterUpdate.taskDefinitions['web:3']?.containers.web).toEqual({ image: 'repo/web:sha-2', environment: { APP_ENV: 'dev', LOG_LEVEL: 'debug', FEATURE: 'on' }, ports: [8080] });
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
  const expiresAt = new Date(START.getTime() + 2 * HOUR + 72 * HOUR).toISOString();
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

scenario('re-create right after destroy', async ({ engine, step }) => {
  // Prepare
  await step('create', () => engine.create({ name: 'pr-3', app: 'web', owner }), ({ outcome, environment }) => ({ outcome, service: environment.service.name }));
  await step('destroy', () => engine.destroy('pr-3'), removalView);

  // Act
  const again = await step('create again', () => engine.create({ name: 'pr-3', app: 'web', owner }), ({ outcome, environment }) => ({
    outcome,
    service: environment.service.name,
    host: environment.host,
  }));

  // Assess: a new environment under the same host (the service name slot depends on draining; see known differences)
  expect(again.outcome).toBe('created');
  expect(again.environment.host).toBe('pr-3.dev.example.com');
  expect(names('pr-3').serviceSlots.slice(0, 2)).toContain(again.environment.service.name);
  expect((await engine.list()).map((environment) => environment.name)).toEqual(['pr-3']);
});
