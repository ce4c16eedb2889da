import { describe, expect, it } from 'vitest';
import { HOUR, simulated, START } from '../../support/simulated.js';

const owner = 'github:acme/web@octocat';

describe('Class: Engine (on the simulated cloud)', () => {
  describe('Scenario: create → get → update → extend → destroy', () => {
    it('walks an awsvpc environment through its whole life and leaves nothing behind', async () => {
      // Prepare
      const world = simulated();
      const before = await world.inspect();

      // Act: create
      const created = await world.engine.create({ name: 'pr-42', app: 'web', owner, ttl: '24h', images: { web: 'repo/web:sha-1' } });

      // Assess: the environment and its resources
      expect(created.outcome).toBe('created');
      expect(created.environment).toMatchObject({
        name: 'pr-42',
        app: 'web',
        owner,
        url: 'https://pr-42.dev.example.com',
        images: { web: 'repo/web:sha-1', 'log-router': expect.any(String) },
        expiresAt: new Date(START.getTime() + 24 * HOUR).toISOString(),
      });
      expect(created.calls.map((call) => call.command)).toEqual(expect.arrayContaining(['CreateTargetGroup', 'CreateRule', 'CreateService', 'ChangeResourceRecordSets']));
      const afterCreate = await world.inspect();
      expect(afterCreate.services).toEqual([...before.services, 'devenv-pr-42'].sort());
      expect(afterCreate.records).toEqual(expect.arrayContaining(['pr-42.dev.example.com A', 'pr-42.dev.example.com TXT']));
      expect(afterCreate.rules.filter((rule) => rule.endsWith(' pr-42.dev.example.com'))).toHaveLength(1);

      // Act: get after the deployment ran
      world.advance(60_000);
      const fetched = await world.engine.get('pr-42');
      expect(fetched.status).toBe('running');

      // Act: update with a new image
      const updated = await world.engine.create({ name: 'pr-42', app: 'web', owner, images: { web: 'repo/web:sha-2' } });
      expect(updated.outcome).toBe('updated');
      expect(updated.environment.images.web).toBe('repo/web:sha-2');
      expect(updated.environment.service.taskDefinitionArn).not.toBe(created.environment.service.taskDefinitionArn);

      // Act: extend (adds to the 24 h expiry)
      const extended = await world.engine.extend('pr-42', '72h');
      expect(extended.environment.expiresAt).toBe(new Date(START.getTime() + 96 * HOUR).toISOString());
      expect((await world.engine.get('pr-42')).expiresAt).toBe(extended.environment.expiresAt);

      // Act: destroy
      const destroyed = await world.engine.destroy('pr-42');
      expect(destroyed.found).toBe(true);
      world.advance(5 * 60_000);

      // Assess: exactly the starting state again
      expect(await world.inspect()).toEqual(before);
    });
  });

  it('is idempotent: creating again with the same parameters makes nothing new', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-7', app: 'web', owner });
    const afterFirst = await world.inspect();

    const again = await world.engine.create({ name: 'pr-7', app: 'web', owner });

    expect(again.outcome).toBe('unchanged');
    expect(await world.inspect()).toEqual(afterFirst);
  });

  it('forces a new deployment when the same image tag is pushed again', async () => {
    const world = simulated();
    const first = await world.engine.create({ name: 'pr-8', app: 'web', owner, images: { web: 'repo/web:pr-8' } });

    const again = await world.engine.create({ name: 'pr-8', app: 'web', owner, images: { web: 'repo/web:pr-8' } });

    expect(again.outcome).toBe('updated');
    expect(again.calls).toContainEqual(expect.objectContaining({ command: 'UpdateService' }));
    expect(again.calls.map((call) => call.command)).not.toContain('RegisterTaskDefinition');
    expect(again.environment.service.taskDefinitionArn).toBe(first.environment.service.taskDefinitionArn);
  });

  it('deregisters the revision an update replaced', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-9', app: 'web', owner, images: { web: 'repo/web:1' } });
    const revisionsBefore = (await world.inspect()).revisions;

    await world.engine.create({ name: 'pr-9', app: 'web', owner, images: { web: 'repo/web:2' } });

    expect((await world.inspect()).revisions).toHaveLength(revisionsBefore.length);
  });

  it('refuses to turn an environment of one app into another app', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-10', app: 'web', owner });

    await expect(world.engine.create({ name: 'pr-10', app: 'api', owner })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('reuses no ECS service name that is still draining: a quick re-create takes the next slot', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-11', app: 'web', owner });
    await world.engine.destroy('pr-11');

    const recreated = await world.engine.create({ name: 'pr-11', app: 'web', owner });

    expect(recreated.environment.service.name).toBe('devenv-pr-11--1');
    expect((await world.engine.get('pr-11')).service.name).toBe('devenv-pr-11--1');
  });

  it('lists environments rebuilt from the cloud, with filters', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice' });
    await world.engine.create({ name: 'pr-2', app: 'api', owner: 'bob' });
    await world.engine.create({ name: 'pr-3', app: 'worker', owner: 'alice' });

    const fresh = world.anotherEngine();

    expect((await fresh.list()).map((environment) => environment.name)).toEqual(['pr-1', 'pr-2', 'pr-3']);
    expect((await fresh.list({ owner: 'alice' })).map((environment) => environment.name)).toEqual(['pr-1', 'pr-3']);
    expect((await fresh.list({ app: 'api' })).map((environment) => environment.name)).toEqual(['pr-2']);
  });

  it('reports a bad image as failed with ECS own event message', async () => {
    const world = simulated({ deploymentSeconds: 5 });
    world.cloud.failImage('repo/web:broken', 'CannotPullContainerError: manifest unknown');
    await world.engine.create({ name: 'pr-13', app: 'web', owner, images: { web: 'repo/web:broken' } });
    expect((await world.engine.get('pr-13')).status).toBe('creating');

    world.advance(60_000);
    const environment = await world.engine.get('pr-13');

    expect(environment.status).toBe('failed');
    expect(environment.statusReason).toMatch(/CannotPullContainerError/);
  });

  it('forgets the failure of an earlier image once a good one is deploying', async () => {
    // Prepare
    const world = simulated({ deploymentSeconds: 5 });
    world.cloud.failImage('repo/web:broken', 'CannotPullContainerError: manifest unknown');
    await world.engine.create({ name: 'pr-13', app: 'web', owner, images: { web: 'repo/web:broken' } });
    world.advance(60_000);
    expect((await world.engine.get('pr-13')).status).toBe('failed');
    world.advance(60_000);

    // Act
    const { environment } = await world.engine.create({ name: 'pr-13', app: 'web', owner, images: { web: 'repo/web:fixed' } });

    // Assess
    expect(environment.status).toBe('creating');
    expect(environment.statusReason).toBeUndefined();
  });

  it('finds environments by exact name only: pr-1 never matches pr-12', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-12', app: 'web', owner });
    const before = await world.inspect();

    await expect(world.engine.get('pr-1')).rejects.toMatchObject({ code: 'not_found' });
    const destroyed = await world.engine.destroy('pr-1');

    expect(destroyed.found).toBe(false);
    expect(await world.inspect()).toEqual(before);
  });

  it('makes destroy harmless to repeat', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-14', app: 'web', owner });
    await world.engine.destroy('pr-14');
    const after = await world.inspect();

    const again = await world.engine.destroy('pr-14');

    expect(again).toMatchObject({ found: false, removed: [] });
    expect(await world.inspect()).toEqual(after);
  });
});
