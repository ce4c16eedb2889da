import { describe, expect, it } from 'vitest';
import { benchWorld, measureOperations, measureSweep, seedEnvironments, type Measurement } from '../../bench/harness.js';

/**
 * The call pattern of every operation, pinned: which AWS commands and how many, on the bench's simulated cloud (the real
 * adapters), cold (a fresh engine) and warm (the same engine again), with no other environments and with 30. A change
 * that adds a call fails here; a change that saves one updates these numbers on purpose. Counts only, never times:
 * `npm run bench` reports the sequential round trips and wall times (issue 10).
 */
type Counts = Record<string, number>;

function countsOf(measurement: Measurement): Counts {
  const counts: Counts = {};
  for (const call of measurement.calls) counts[call.command] = (counts[call.command] ?? 0) + 1;
  return counts;
}

/** The lease lock every write takes and gives back (feat/lock): the same two calls around each write. */
const LOCK = { PutItem: 1, DeleteItem: 1 };
/** A cold engine reads the baseline (service, task definition, target group without tags) and the listener's load balancer once. */
const BASELINE = { DescribeServices: 1, DescribeTaskDefinition: 1, DescribeTargetGroups: 1, DescribeListeners: 1, DescribeLoadBalancers: 1 };

const OTHERS = 30;

/** What a write to a routed environment reads beside its service: the host's records and its target group by name (drift). */
const PARTS = { ListResourceRecordSets: 1, DescribeTargetGroups: 1, DescribeTags: 1 };
const EXPECTED: Record<string, Counts> = {
  // The new revision's images and the service's update at once (TagResource beside UpdateService). A PUT takes a quota
  // place only once its slots show no service, so an update takes none.
  'update warm': { ...LOCK, ...PARTS, DescribeServices: 1, RegisterTaskDefinition: 1, UpdateService: 1, TagResource: 1 },
  'unchanged PUT warm': { ...LOCK, ...PARTS, DescribeServices: 1, DescribeTaskDefinition: 1, DescribeTargetHealth: 1 },
  // A single GET reads its parts by ARN (the target group without tags) to report drift.
  'get warm': { DescribeServices: 1, DescribeTaskDefinition: 1, DescribeTargetHealth: 1, DescribeTargetGroups: 1, ListResourceRecordSets: 1 },
  'destroy warm': {
    ...LOCK,
    DescribeServices: 1,
    DescribeTargetGroups: 1,
    DescribeRules: 1,
    // The target group's tags and the tags of the one rule routing the host: never every rule's.
    DescribeTags: 2,
    ListResourceRecordSets: 1,
    DescribeTaskDefinition: 1,
    ChangeResourceRecordSets: 1,
    DeleteRule: 1,
    DeleteService: 1,
    DeleteTargetGroup: 1,
    DeregisterTaskDefinition: 1,
    // The environment's place in the installation's counts, given back.
    UpdateItem: 1,
  },
};

function sum(...parts: Counts[]): Counts {
  const total: Counts = {};
  for (const part of parts) for (const [command, count] of Object.entries(part)) total[command] = (total[command] ?? 0) + count;
  return total;
}

describe('Bench: the call pattern of each operation (issue 10)', () => {
  it('pins the calls of create, update, unchanged PUT, get, list and destroy, cold and warm, at 0 and 30 other environments', async () => {
    // Prepare
    const world = benchWorld();
    const measured = new Map<string, Counts>();

    // Act
    for (const others of [0, OTHERS]) {
      await seedEnvironments(world, others, { prefix: `other${others}` });
      for (const measurement of await measureOperations(world, others, 0)) {
        measured.set(`${measurement.operation} ${measurement.engine} ${others}`, countsOf(measurement));
      }
    }

    // Assess: what must not grow with the other environments is the same at 0 and 30, and exactly as pinned
    for (const others of [0, OTHERS]) {
      const at = (operation: string) => measured.get(`${operation} ${others}`);
      for (const [operation, expected] of Object.entries(EXPECTED)) expect(at(operation), `${operation} ${others}`).toEqual(expected);
      // Cold: the baseline and the listener once more; a get and a destroy read no baseline.
      expect(at('update cold'), `update cold ${others}`).toEqual(sum(EXPECTED['update warm']!, BASELINE));
      expect(at('unchanged PUT cold'), `unchanged PUT cold ${others}`).toEqual(sum(EXPECTED['unchanged PUT warm']!, BASELINE));
      expect(at('get cold')).toEqual(EXPECTED['get warm']);
      expect(at('destroy cold')).toEqual(EXPECTED['destroy warm']);
      // A list: one ListServices page and DescribeServices per 10 services, no DescribeTargetHealth at all, and no task
      // definition (each service's images tag names its revision's images), cold or warm. Drift for the whole list from one
      // listing of the rules (no tags) and one of the base domain's records.
      // The measured two and the others: the baselines are listed but, not named devenv-…, never described.
      const services = others + 2;
      const list = { ListServices: 1, DescribeServices: Math.ceil(services / 10), DescribeRules: 1, ListResourceRecordSets: 1 };
      expect(at('list warm'), `list warm ${others}`).toEqual(list);
      expect(at('list cold'), `list cold ${others}`).toEqual(list);
    }
    // A create: the same at any size. One reservation in the installation's counts (UpdateItem) instead of a scan of the
    // cluster; the host's records and the target group by name read beside the service's slots; the rules routing the host.
    for (const others of [0, OTHERS]) {
      const writes = { ...LOCK, UpdateItem: 1, ChangeResourceRecordSets: 1, CreateTargetGroup: 1, ModifyTargetGroupAttributes: 1, CreateRule: 1, CreateService: 1 };
      const warm = sum(writes, { DescribeServices: 1, ListResourceRecordSets: 1, DescribeTargetGroups: 1, DescribeRules: 1 });
      expect(measured.get(`create warm ${others}`), `create warm ${others}`).toEqual(warm);
      expect(measured.get(`create cold ${others}`), `create cold ${others}`).toEqual(sum(warm, BASELINE));
    }
  });

  it('pins the calls of a sweep of 12 expired environments', async () => {
    // Act
    const counts = countsOf(await measureSweep(12, 0));

    // Assess: per environment its lock and one delete of each resource (its revision named by its service, not described);
    // the listings once for all; the installation's counts read before the listing and replaced by the recount; the
    // lease of the sweep's run (one sweep of an installation at a time)
    expect(counts).toEqual({
      GetItem: 1,
      PutItem: 12 + 1 + 1,
      DeleteItem: 12 + 1,
      DeleteService: 12,
      DeleteRule: 12,
      DeleteTargetGroup: 12,
      DeregisterTaskDefinition: 12,
      // Every record of the 12 hosts in one change request.
      ChangeResourceRecordSets: 1,
      ListServices: 1,
      // The listing (12 devenv services, 10 per call; the baselines are not described), the baselines, and the 12 environments read again under their locks by
      // their services' names (10 per call).
      DescribeServices: 2 + 1 + 2,
      DescribeRules: 1,
      DescribeTargetGroups: 1,
      DescribeTags: 2,
      ListResourceRecordSets: 1,
      ListTaskDefinitions: 4,
      // The baselines' revisions (their families): none of the environments'.
      DescribeTaskDefinition: 4,
    });
  });
});
