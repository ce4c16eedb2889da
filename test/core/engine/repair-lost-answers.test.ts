import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { attachSimulatedCloud } from '../../../src/local/attach.js';
import { simulated } from '../../support/simulated.js';

const HOST = 'pr-1.dev.example.com';

/** Deletes the host's records by hand, with plain SDK calls, as an operator would. */
async function deleteRecordsByHand(world: ReturnType<typeof simulated>): Promise<void> {
  const route53 = new Route53Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  attachSimulatedCloud(route53, world.cloud, 'route53');
  const { ResourceRecordSets } = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: world.config.hostedZoneId, StartRecordName: HOST }));
  const sets = ResourceRecordSets!.filter((set) => set.Name === `${HOST}.`);
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: world.config.hostedZoneId,
      ChangeBatch: { Changes: sets.map((set) => ({ Action: 'DELETE', ResourceRecordSet: set })) },
    }),
  );
}

describe('Class: Engine — a repair meets its own lost answer (review1)', () => {
  it('answers the PUT when Route 53 applied the restored records, lost the answer and the SDK sent them again', async () => {
    // Prepare: a running environment whose DNS records were deleted out of band
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice' });
    await deleteRecordsByHand(world);
    const creates = (input: any) => input.ChangeBatch.Changes.every((change: any) => change.Action === 'CREATE');
    world.cloud.faults.inject({ command: 'ChangeResourceRecordSets', error: { name: 'RequestTimeout' }, retried: true, when: creates });

    // Act
    const put = await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice', images: { web: 'repo/web:2' } }).catch((error: unknown) => error);

    // Assess: the records are back and the update ran (it was a 409 "a DNS record … already exists", update not made)
    expect(put).toMatchObject({ outcome: 'updated', repaired: [{ part: 'dns-record' }] });
    expect((await world.inspect()).records).toEqual(expect.arrayContaining([`${HOST} A`, `${HOST} TXT`]));
    expect((await world.engine.get('pr-1')).images.web).toBe('repo/web:2');
  });
});
