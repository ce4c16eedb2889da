import { describe, expect, it } from 'vitest';
import { deriveStatus } from '../../src/core/environment.js';
import type { Deployment, ServiceEvent, TargetHealth } from '../../src/core/ports.js';

function service(deployment: Partial<Deployment> | undefined, events: ServiceEvent[] = [], counts = { desiredCount: 1, runningCount: 1 }) {
  const deployments: Deployment[] = deployment
    ? [{ id: 'd-1', status: 'PRIMARY', taskDefinitionArn: 'td', desiredCount: 1, runningCount: 1, ...deployment }]
    : [];
  return { deployments, events, ...counts };
}

const healthy: TargetHealth = { id: '10.0.0.1', state: 'healthy' };

describe('Function: deriveStatus', () => {
  it('is creating while the primary rollout is in progress', () => {
    expect(deriveStatus(service({ rolloutState: 'IN_PROGRESS', runningCount: 0 }), []).status).toBe('creating');
  });

  it('is failed with ECS event message when the circuit breaker ends the rollout', () => {
    const events = [
      { message: '(service devenv-pr-42) was unable to place a task: CannotPullContainerError: pull image manifest not found' },
      { message: '(service devenv-pr-42) has started 1 tasks' },
    ];
    const status = deriveStatus(service({ rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' }, events), []);
    expect(status).toEqual({ status: 'failed', reason: events[0]!.message });
  });

  it('ignores trouble events older than the primary deployment', () => {
    const events = [
      { message: '(service devenv-pr-42) has started 1 tasks', createdAt: new Date('2026-11-25T10:06:00Z') },
      { message: '(service devenv-pr-42) failed to start 1 tasks: CannotPullContainerError', createdAt: new Date('2026-11-25T10:01:00Z') },
    ];
    const status = deriveStatus(service({ rolloutState: 'IN_PROGRESS', runningCount: 0, createdAt: new Date('2026-11-25T10:05:00Z') }, events), []);
    expect(status).toEqual({ status: 'creating' });
  });

  it('falls back to the rollout reason when no event explains a failure', () => {
    const status = deriveStatus(service({ rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker' }), []);
    expect(status.reason).toBe('circuit breaker');
  });

  it('is not running at steady state while no target is healthy yet', () => {
    const status = deriveStatus(service({ rolloutState: 'COMPLETED' }), [{ id: '10.0.0.1', state: 'initial' }]);
    expect(status.status).toBe('creating');
  });

  it('is unhealthy with the load balancer reason when targets fail health checks', () => {
    const targets: TargetHealth[] = [{ id: '10.0.0.1', state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [404]' }];
    expect(deriveStatus(service({ rolloutState: 'COMPLETED' }), targets)).toEqual({
      status: 'unhealthy',
      reason: 'Health checks failed with these codes: [404]',
    });
  });

  it('is unhealthy when fewer tasks run than desired after the rollout', () => {
    const status = deriveStatus(service({ rolloutState: 'COMPLETED' }, [], { desiredCount: 1, runningCount: 0 }), [healthy]);
    expect(status).toEqual({ status: 'unhealthy', reason: '0 of 1 tasks running' });
  });

  it('is running when the rollout completed, tasks run and a target is healthy', () => {
    expect(deriveStatus(service({ rolloutState: 'COMPLETED' }), [healthy])).toEqual({ status: 'running' });
  });

  it('is running without target health for an app that has no routing', () => {
    expect(deriveStatus(service({ rolloutState: 'COMPLETED' }), undefined)).toEqual({ status: 'running' });
  });
});
