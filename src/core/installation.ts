import { createHash } from 'node:crypto';

/** Where an installation works: the fields of the configuration that decide which resources it may touch. */
export interface InstallationPlacement {
  /** The readable label that starts the identity (config `instance`, default `devenv`). */
  instance: string;
  /** Name or ARN of the ECS cluster. */
  cluster: string;
  listenerArn: string;
  /** With or without `/hostedzone/`. */
  hostedZoneId: string;
  baseDomain: string;
}

const PLACEMENT_HASH_LENGTH = 10;

/**
 * The installation's identity: `<instance>-<10 hex of sha256(cluster, listener ARN, zone id, base domain)>`. It is the
 * value of the `devenv:managed-by` tag on every resource the installation makes and of `managed-by=` in its DNS
 * ownership records, so two installations placed differently (another cluster, listener, zone or base domain) never
 * share it, whatever their `instance` label says; infrastructure puts it into IAM tag conditions. Moving an installation
 * (changing any of these fields) makes it a new one: destroy its environments first.
 *
 * @example
 * installationIdentity({
 *   instance: 'devenv',
 *   cluster: 'dev',
 *   listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
 *   hostedZoneId: 'Z0123456789ABCDEFGHIJ',
 *   baseDomain: 'dev.example.com',
 * }); // 'devenv-' followed by 10 hex digits
 */
export function installationIdentity(placement: InstallationPlacement): string {
  const fields = [
    // `dev` and `arn:aws:ecs:…:cluster/dev` name the same cluster (the listener ARN already pins account and region).
    placement.cluster.replace(/^arn:aws[a-z-]*:ecs:[^:]*:[^:]*:cluster\//, ''),
    placement.listenerArn,
    placement.hostedZoneId.replace(/^\/?hostedzone\//, ''),
    placement.baseDomain.toLowerCase().replace(/\.$/, ''),
  ];
  const hash = createHash('sha256').update(fields.join('\n')).digest('hex').slice(0, PLACEMENT_HASH_LENGTH);
  return `${placement.instance}-${hash}`;
}
