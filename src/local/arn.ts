/** ARN builders and parsing shared by the simulated services. */

export interface AccountContext {
  readonly region: string;
  readonly accountId: string;
}

export function ecsArn(account: AccountContext, resource: string): string {
  return `arn:aws:ecs:${account.region}:${account.accountId}:${resource}`;
}

export function elbArn(account: AccountContext, resource: string): string {
  return `arn:aws:elasticloadbalancing:${account.region}:${account.accountId}:${resource}`;
}

export function iamArn(account: AccountContext, resource: string): string {
  return `arn:aws:iam::${account.accountId}:${resource}`;
}

export interface ParsedArn {
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(value: string): ParsedArn | undefined {
  const match = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d*):(.+)$/.exec(value);
  if (!match) return undefined;
  const [, service = '', region = '', accountId = '', resource = ''] = match;
  return { service, region, accountId, resource };
}

export function isArn(value: string): boolean {
  return value.startsWith('arn:');
}
