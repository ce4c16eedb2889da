import type { BaselineIds } from './baseline.js';

/**
 * Replaces everything a backend makes up (ids, ARN suffixes, DNS names, request ids, claim uuids) with symbols, so two
 * backends' observations of the same behaviour are equal. Names devenv or the scenario chose stay as they are:
 * `arn:…:targetgroup/dv-pr-1-1a2b3c4d/0123abcd` becomes `<tg:dv-pr-1-1a2b3c4d>`.
 */
export class Normaliser {
  readonly #exact = new Map<string, string>();
  readonly #installation: string | undefined;

  /** `installation`: the identity of the backend's devenv, which hashes its listener ARN and zone id (see `comparable`). */
  constructor(ids: BaselineIds, installation?: string) {
    this.#installation = installation;
    this.#exact.set(ids.vpcId, '<vpc>');
    ids.subnets.forEach((subnet, index) => this.#exact.set(subnet, `<subnet-${index}>`));
    ids.securityGroups.forEach((group, index) => this.#exact.set(group, `<sg-${index}>`));
    this.#exact.set(ids.listenerArn, '<listener>');
    this.#exact.set(ids.hostedZoneId, '<zone>');
    this.#exact.set(`/hostedzone/${ids.hostedZoneId}`, '<zone>');
    this.#exact.set(ids.canonicalHostedZoneId, '<alb-zone>');
    const dns = ids.loadBalancerDnsName.toLowerCase().replace(/\.$/, '');
    for (const variant of [dns, `${dns}.`, `dualstack.${dns}`, `dualstack.${dns}.`]) this.#exact.set(variant, '<alb-dns>');
  }

  /** A rule ARN is named by its priority, which the observation knows and the ARN does not. */
  nameRule(arn: string, priority: string): void {
    this.#exact.set(arn, `<rule:${priority}>`);
  }

  /** A value with every id inside it replaced: exact ids first, then the ARN and uuid shapes. */
  value<T>(input: T): T {
    if (typeof input === 'string') return this.#string(input) as T;
    if (Array.isArray(input)) return input.map((item: unknown) => this.value(item)) as T;
    if (input instanceof Date) return input.toISOString() as T;
    if (input && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input).map(([key, item]) => [key, this.value(item)])) as T;
    }
    return input;
  }

  /**
   * For the comparison of two backends: `value`, and also in object keys, the installation's identity replaced by
   * `<installation>` and the hash in devenv's target group names by `<hash>`. Both derive from the backend's own listener
   * ARN and zone id, so they differ between backends by construction; the scenarios check the exact names on each.
   */
  comparable<T>(input: T): T {
    return this.#comparable(this.value(input)) as T;
  }

  #comparable(input: unknown): unknown {
    if (typeof input === 'string') return this.#installationFree(input);
    if (Array.isArray(input)) return input.map((item: unknown) => this.#comparable(item));
    if (input && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input).map(([key, item]) => [this.#installationFree(key), this.#comparable(item)]));
    }
    return input;
  }

  #installationFree(text: string): string {
    const out = this.#installation ? text.split(this.#installation).join('<installation>') : text;
    return out.replace(/\bdv-([a-z0-9-]+?)-[0-9a-f]{8}(?![0-9a-z-])/g, 'dv-$1-<hash>');
  }

  #string(text: string): string {
    const exact = this.#exact.get(text) ?? this.#exact.get(text.toLowerCase());
    if (exact) return exact;
    let out = text;
    for (const [id, symbol] of [...this.#exact].sort(([a], [b]) => b.length - a.length)) {
      if (out.includes(id)) out = out.split(id).join(symbol);
    }
    return out
      .replace(/arn:aws:ecs:[^:\s]+:\d{12}:service\/(?:[^/\s]+\/)?([A-Za-z0-9_-]+)/g, '<service:$1>')
      .replace(/arn:aws:ecs:[^:\s]+:\d{12}:task-definition\/([A-Za-z0-9_-]+:\d+)/g, '<task-definition:$1>')
      .replace(/arn:aws:ecs:[^:\s]+:\d{12}:cluster\/([A-Za-z0-9_-]+)/g, '<cluster:$1>')
      .replace(/arn:aws:elasticloadbalancing:[^:\s]+:\d{12}:targetgroup\/([A-Za-z0-9-]+)\/[0-9a-f]+/g, '<tg:$1>')
      .replace(/arn:aws:elasticloadbalancing:[^:\s]+:\d{12}:loadbalancer\/app\/([A-Za-z0-9-]+)\/[0-9a-f]+/g, '<alb:$1>')
      .replace(/arn:aws:elasticloadbalancing:[^:\s]+:\d{12}:listener-rule\/app\/[^\s'"]+/g, '<rule>')
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>');
  }
}
