import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { CreateRequest } from '../../../src/core/create-request.js';
import { PolicyViolationError } from '../../../src/core/errors.js';
import type { RecordedCall } from '../../../src/local/faults.js';
import { engineOnSimulatedCloud } from '../../../src/runtime/engine.js';
import { simulated } from '../../support/simulated.js';

const owner = 'alice';
const DIGEST = `sha256:${'9f86d081884c7d65'.repeat(4)}`;
const CLONE_ROLE = 'arn:aws:iam::123456789012:role/devenv-clone-web';
/** The seeded web app, as `seededConfig` configures it, plus policy fields. */
const web = (policy: Record<string, unknown> = {}) => ({ apps: { web: { service: 'web', container: 'web', port: 8080, ...policy } } });

/** Calls that change the environment's resources (a lock's own bookkeeping, in another service, is not one). */
const WRITE = /^(Create|Delete|Update|Register|Deregister|Change|Tag|Untag|Modify)/;
const writesOf = (calls: RecordedCall[]) => calls.filter((call) => ['ecs', 'elbv2', 'route53'].includes(call.service) && WRITE.test(call.command));

type World = ReturnType<typeof simulated>;

/** Runs a create that must be refused; returns the error and the cloud calls it made. */
async function refused(world: World, request: Partial<CreateRequest>) {
  const before = world.cloud.faults.calls.length;
  const error = await world.engine.create({ name: 'pr-1', app: 'web', owner, ...request }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, calls: world.cloud.faults.calls.slice(before) };
}

describe('Class: Engine — clone policy', () => {
  describe('rules that need only the configuration: refused before any cloud call', () => {
    it.each([
      ['an uppercase repository', 'repo/Web:1'],
      ['a digest of 63 hex digits', `repo/web@sha256:${'a'.repeat(63)}`],
      ['an uppercase digest', `repo/web@sha256:${'A'.repeat(64)}`],
      ['a digest of another algorithm', `repo/web@md5:${'a'.repeat(32)}`],
    ])('refuses %s as an invalid request', async (_case, image) => {
      const world = simulated();

      const { error, calls } = await refused(world, { images: { web: image } });

      expect(error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('OCI image reference') });
      expect(calls).toEqual([]);
    });

    it.each([
      ['AWS_REGION', 'reserved-variable'],
      ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'reserved-variable'],
      ['aws_access_key_id', 'reserved-variable'],
      ['ECS_CONTAINER_METADATA_URI_V4', 'reserved-variable'],
    ])('refuses the variable %s (rule %s)', async (name, rule) => {
      const world = simulated();

      const { error, calls } = await refused(world, { environment: { web: { [name]: 'x' } } });

      expect(error).toBeInstanceOf(PolicyViolationError);
      expect(error).toMatchObject({ code: 'policy_violation', rule, pointer: `#/environment/web/${name}` });
      expect(calls).toEqual([]);
    });

    it('refuses an image from a registry the app does not list', async () => {
      const world = simulated({ config: web({ allowedImageRepositories: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/web'] }) });

      const { error, calls } = await refused(world, { images: { web: 'evil.example.com/web:1' } });

      expect(error).toMatchObject({ rule: 'image-repository', pointer: '#/images/web', message: expect.stringContaining('allowedImageRepositories') });
      expect(calls).toEqual([]);
    });

    it('refuses a variable the app does not list when it lists some', async () => {
      const world = simulated({ config: web({ allowedVariables: ['LOG_LEVEL', 'FEATURE_*'] }) });

      const { error, calls } = await refused(world, { environment: { web: { FEATURE_X: 'on', DB_HOST: 'evil.example.com' } } });

      expect(error).toMatchObject({ rule: 'variable-not-allowed', pointer: '#/environment/web/DB_HOST' });
      expect(calls).toEqual([]);
    });
  });

  describe('variables that load code: refused by default, allowed where the app lists them', () => {
    it.each(['NODE_OPTIONS', 'ld_preload', 'DYLD_INSERT_LIBRARIES', 'BASH_ENV'])('refuses %s when the app lists no variables', async (name) => {
      const world = simulated();

      const { error, calls } = await refused(world, { environment: { web: { [name]: 'x' } } });

      expect(error).toMatchObject({ rule: 'code-loading-variable', pointer: `#/environment/web/${name}` });
      expect(calls).toEqual([]);
    });

    it('lets a request set NODE_OPTIONS when the app lists it (the operator chose to)', async () => {
      const world = simulated({ config: web({ allowedVariables: ['NODE_OPTIONS', 'LOG_LEVEL'] }) });

      const { environment } = await world.engine.create({ name: 'pr-1', app: 'web', owner, environment: { web: { NODE_OPTIONS: '--max-old-space-size=512' } } });

      expect(environment.name).toBe('pr-1');
    });
  });

  describe('rules that need the baseline: refused after reading it, before any write', () => {
    it.each([
      ['another registry', 'evil.example.com/repo/web:1'],
      ['another repository of the same registry', 'repo/api:main'],
      ['the sidecar repository for the web container', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'],
      ['Docker Hub library image of the same name', 'web:1'],
    ])('refuses %s by default: only the tag or digest may change', async (_case, image) => {
      const world = simulated();

      const { error, calls } = await refused(world, { images: { web: image } });

      expect(error).toMatchObject({ code: 'policy_violation', rule: 'image-repository', pointer: '#/images/web' });
      expect(calls.length).toBeGreaterThan(0);
      expect(writesOf(calls)).toEqual([]);
    });

    it("refuses a variable that would shadow one of the baseline's secrets", async () => {
      const world = simulated();

      const { error, calls } = await refused(world, { environment: { web: { DB_PASSWORD: 'hunter2' } } });

      expect(error).toMatchObject({ code: 'policy_violation', rule: 'secret-variable', pointer: '#/environment/web/DB_PASSWORD' });
      expect(writesOf(calls)).toEqual([]);
    });

    it('refuses a secret name even when the app lists it as allowed', async () => {
      const world = simulated({ config: web({ allowedVariables: ['DB_*'] }) });

      const { error } = await refused(world, { environment: { web: { DB_PASSWORD: 'x' } } });

      expect(error).toMatchObject({ rule: 'secret-variable' });
    });

    it('refuses a foreign image on an update too, and leaves the environment as it was', async () => {
      const world = simulated();
      const created = await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-1' } });

      const { error, calls } = await refused(world, { images: { web: 'evil.example.com/web:sha-1' } });

      expect(error).toMatchObject({ rule: 'image-repository' });
      expect(writesOf(calls)).toEqual([]);
      expect((await world.engine.get('pr-1')).service.taskDefinitionArn).toBe(created.environment.service.taskDefinitionArn);
    });
  });

  describe('what stays allowed', () => {
    it('creates with a new tag, then updates to a digest of the same repository and sets plain variables', async () => {
      const world = simulated();

      const created = await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-1' }, environment: { web: { LOG_LEVEL: 'debug' } } });
      const updated = await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: `docker.io/repo/web@${DIGEST}` } });

      expect(created.outcome).toBe('created');
      expect(updated.outcome).toBe('updated');
      expect(updated.environment.images.web).toBe(`docker.io/repo/web@${DIGEST}`);
    });

    it('lets a listed repository replace the baseline one', async () => {
      const ecr = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web';
      const world = simulated({ config: web({ allowedImageRepositories: [ecr] }) });

      const created = await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: `${ecr}:pr-1` } });

      expect(created.environment.images.web).toBe(`${ecr}:pr-1`);
    });
  });

  describe('the clone task role', () => {
    function taskDefinitionOf(world: World, arn: string): TaskDefinition {
      return (world.cloud.invoke('ecs', 'DescribeTaskDefinition', { taskDefinition: arn }) as { taskDefinition: TaskDefinition }).taskDefinition;
    }

    it('runs the clone as the configured role and keeps the execution role and secrets, even without overrides', async () => {
      const world = simulated({ config: web({ cloneTaskRoleArn: CLONE_ROLE }) });
      const baseline = taskDefinitionOf(world, 'web:1');

      const { environment } = await world.engine.create({ name: 'pr-1', app: 'web', owner });

      const clone = taskDefinitionOf(world, environment.service.taskDefinitionArn);
      expect(baseline.taskRoleArn).not.toBe(CLONE_ROLE);
      expect(clone.taskRoleArn).toBe(CLONE_ROLE);
      expect(clone.executionRoleArn).toBe(baseline.executionRoleArn);
      expect(clone.containerDefinitions?.[0]?.secrets).toEqual(baseline.containerDefinitions?.[0]?.secrets);
      expect(taskDefinitionOf(world, 'web:1').taskRoleArn).toBe(baseline.taskRoleArn);
    });

    it("keeps the role on an update's new revision", async () => {
      const world = simulated({ config: web({ cloneTaskRoleArn: CLONE_ROLE }) });
      await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-1' } });

      const { environment } = await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-2' } });

      expect(taskDefinitionOf(world, environment.service.taskDefinitionArn).taskRoleArn).toBe(CLONE_ROLE);
    });

    it("gives the role to an environment made before it was configured, at its next update", async () => {
      const world = simulated();
      await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-1' } });
      const apps = { ...world.config.apps, web: { ...world.config.apps.web!, cloneTaskRoleArn: CLONE_ROLE } };
      const engine = engineOnSimulatedCloud(world.cloud, { ...world.config, apps }, { now: world.now });

      const result = await engine.create({ name: 'pr-1', app: 'web', owner });

      expect(result.outcome).toBe('updated');
      expect(taskDefinitionOf(world, result.environment.service.taskDefinitionArn).taskRoleArn).toBe(CLONE_ROLE);
    });
  });
});
