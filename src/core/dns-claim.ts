import type { EngineContext } from './context.js';
import { BusyError, ConflictError, RecordExistsError } from './errors.js';
import type { AliasTarget, HostRecords } from './ports.js';
import { formatOwnershipRecord, parseOwnershipRecord, type Ownership } from './tags.js';

/**
 * The host name is claimed first, with a Route 53 CREATE of the alias and its ownership TXT record in one change:
 * Route 53 lets exactly one of two racing creates of the same name through. Creates of one environment are serialised
 * by its shared lock already (the caller holds it); the claim still keeps anything else (another installation, a
 * hand-made record) off the host.
 */
export async function claimHost(
  context: EngineContext,
  input: { host: string; alias: AliasTarget; ownership: Ownership; serviceExists: () => Promise<boolean> },
): Promise<HostRecords> {
  const { dns } = context.cloud;
  const records: HostRecords = {
    host: input.host,
    alias: input.alias,
    ownership: { value: formatOwnershipRecord({ ...input.ownership, claim: context.newId() }), ttl: context.config.dnsTtlSeconds },
  };
  try {
    await dns.create(records);
    return records;
  } catch (error) {
    if (!(error instanceof RecordExistsError)) throw error;
  }
  const current = await dns.read(input.host);
  // Our own claim: Route 53 applied the CREATE, its answer was lost, and the SDK's retry found the records. Done.
  if (isOwnClaim(current, records)) return records;
  const owner = parseOwnershipRecord(current.ownership?.value);
  const { instance, environment } = input.ownership;
  if (!owner || owner.instance !== instance || owner.environment !== environment) {
    throw new ConflictError(`${input.host} already has DNS records that this devenv did not create for ${environment}`, {
      envName: environment,
      resource: input.host,
    });
  }
  // This installation's claim for this environment, and the caller holds the environment's lock: every writer of these
  // records (create, repair, destroy, sweep) takes it first, so no create of it is running and the claim is a leftover
  // (a create that failed and could not give it back, or crashed), however young. Busy only if a service is behind it.
  if (await input.serviceExists()) {
    throw new BusyError(`environment ${environment} is being created by another request; try again shortly`, {
      envName: environment,
    });
  }
  // Take it over in one change, which fails if anyone else did first.
  try {
    await dns.replace(current, records);
  } catch (error) {
    // The same lost answer, on the takeover: the retry's DELETE no longer matches because the change was applied.
    if (!isOwnClaim(await dns.read(input.host), records)) throw error;
  }
  return records;
}

/** Whether the records at the host are the ones this claim wrote (its claim id is unique to this call). */
function isOwnClaim(current: HostRecords, claim: HostRecords): boolean {
  const found = parseOwnershipRecord(current.ownership?.value);
  return found !== undefined && found.claim === parseOwnershipRecord(claim.ownership?.value)?.claim;
}

/**
 * A record set devenv never writes at the host (a CNAME, a plain A, an NS delegation) means the name is someone else's.
 * Checked before anything is made: AWS would refuse the claim beside a CNAME anyway, but some emulators add the records.
 */
export function assertNoForeignRecords(current: HostRecords, envName: string): void {
  const [first] = current.foreign ?? [];
  if (!first) return;
  const value = first.value ? ` (${first.value.slice(0, 253)})` : '';
  throw new ConflictError(
    `${current.host} already has a ${first.type} record${value} that devenv did not make; remove it or choose another environment name`,
    { envName, resource: `${current.host} ${first.type}` },
  );
}
