import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { expect } from 'vitest';
import { scenario } from './support/scenario.js';

const owner = 'github:acme/web@octocat';

// Issue 11.5: moto let a create of `legacy` add its A and TXT records beside an existing `legacy.<domain>` CNAME (AWS
// refuses that). devenv now reads the host's records before claiming it, so on both backends the create is a conflict
// that makes nothing.
scenario('a CNAME devenv did not make holds the host', async ({ backend, engine, failure, inspect }) => {
  // Prepare
  await backend.sdk.route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: backend.ids.hostedZoneId,
      ChangeBatch: {
        Changes: [
          { Action: 'CREATE', ResourceRecordSet: { Name: 'legacy.dev.example.com', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'old-site.example.org' }] } },
        ],
      },
    }),
  );
  // The whole cloud is compared before and after on each backend, not across them (the baseline differs in moto's ways).
  const before = await inspect();

  // Act
  const error = await failure('create', () => engine.create({ name: 'legacy', app: 'web', owner }));

  // Assess
  expect(error).toMatchObject({ code: 'conflict', context: { envName: 'legacy', resource: 'legacy.dev.example.com CNAME' } });
  expect(await inspect({ environments: ['legacy'] })).toEqual(before);
});
