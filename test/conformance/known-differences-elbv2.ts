import { probe, within, type KnownDifference } from './known-difference.js';
import { OBSERVING } from './observing-scenarios.js';

const ELB_API = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference';

/** Where moto differs from AWS in ELBv2 (known-differences.ts has the whole list). */
export const ELBV2_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'moto-target-group-load-balancer-per-action',
    moto: 'Lists a target group\'s load balancer once per listener action or rule that forwards to it.',
    aws: '`LoadBalancerArns` names each load balancer that routes to the target group once.',
    impact: 'None: devenv does not read it.',
    docs: [`${ELB_API}/API_TargetGroup.html`],
    // Only the repeats: a second, third … entry that is moto's first one again, where the simulated cloud lists one.
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const repeat = /^(.*\.targetGroups\.[A-Za-z0-9-]+\.loadBalancers)\[[1-9]\d*\]$/.exec(path);
      return repeat !== null && simulated === undefined && moto === sides.moto.get(`${repeat[1]}[0]`) && sides.simulated.get(`${repeat[1]}[0]`) === moto;
    }),
  },
  {
    id: 'moto-create-target-group-not-idempotent',
    moto: 'CreateTargetGroup with the name and settings of an existing group fails with DuplicateTargetGroupName.',
    aws: 'CreateTargetGroup is idempotent: the same name with the same settings returns the existing group; only other settings fail.',
    impact: 'None: devenv looks the name up first and adopts a group that carries its tags.',
    docs: [`${ELB_API}/API_CreateTargetGroup.html`],
    ...probe('ELBv2: CreateTargetGroup again with the same settings returns the same group', 'create again', {
      outcome: { error: 'DuplicateTargetGroupNameException' },
      sameGroup: false,
    }),
  },
  {
    id: 'moto-delete-rule-twice',
    moto: 'DeleteRule of a rule that no longer exists succeeds.',
    aws: 'DeleteRule of an unknown rule fails with RuleNotFound.',
    impact: 'None: devenv treats RuleNotFound as "already deleted".',
    docs: [`${ELB_API}/API_DeleteRule.html`],
    ...probe('ELBv2: DeleteRule of a rule that is gone fails', 'delete again', { ok: true }),
  },
  {
    id: 'moto-describe-tags-of-deleted',
    moto: 'DescribeTags of a deleted target group succeeds (with no tags for it).',
    aws: 'DescribeTags fails with TargetGroupNotFound when any of the resources does not exist.',
    impact: 'None, but the adapter\'s retry-one-by-one path for a group deleted mid-listing is only exercised on the simulated cloud.',
    docs: [`${ELB_API}/API_DescribeTags.html`],
    ...probe('ELBv2: DescribeTags of a deleted target group fails', 'describe tags', { ok: true }),
  },
  {
    id: 'moto-describe-target-groups-no-paging',
    moto: 'DescribeTargetGroups ignores `PageSize` and returns every group with no `NextMarker`.',
    aws: 'DescribeTargetGroups returns at most `PageSize` (1–400) groups per page, with a `NextMarker`.',
    impact: 'None, but devenv\'s paging through target groups is only exercised on the simulated cloud.',
    docs: [`${ELB_API}/API_DescribeTargetGroups.html`],
    ...probe('ELBv2: DescribeTargetGroups pages by PageSize', 'first page', { onFirstPage: 2, more: false }),
  },
  {
    id: 'moto-rule-forward-action-bare',
    moto: 'Returns a forward action as it was given (`Type`, `TargetGroupArn`), without `Order` and `ForwardConfig`.',
    aws: 'DescribeRules returns the action with its `Order` (1 for the first) and the target group also as `ForwardConfig` (weight 1, stickiness off).',
    impact: 'None: devenv reads both `TargetGroupArn` and `ForwardConfig`, and counts a target group once.',
    docs: [`${ELB_API}/API_Action.html`, `${ELB_API}/API_ForwardActionConfig.html`],
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const action = /^(.*\.rules\.[a-z0-9]+\.actions\[(\d+)\])\.(.+)$/.exec(path);
      if (!action || moto !== undefined || sides.moto.get(`${action[1]}.Type`) !== 'forward') return false;
      const [, at = '', index = '', field = ''] = action;
      const given = sides.moto.get(`${at}.TargetGroupArn`);
      return (
        (field === 'Order' && simulated === Number(index) + 1) ||
        (field === 'ForwardConfig.TargetGroups[0].TargetGroupArn' && simulated === given) ||
        (field === 'ForwardConfig.TargetGroups[0].Weight' && simulated === 1) ||
        (field === 'ForwardConfig.TargetGroupStickinessConfig.Enabled' && simulated === false)
      );
    }),
  },
  {
    id: 'moto-rule-condition-no-values',
    moto: 'Returns a host-header condition made with `HostHeaderConfig` without its values in `Values`.',
    aws: 'DescribeRules returns the host names both in `HostHeaderConfig.Values` and in the condition\'s `Values`.',
    impact: 'None: devenv reads `HostHeaderConfig` and falls back to `Values`.',
    docs: [`${ELB_API}/API_RuleCondition.html`],
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const value = /^(.*\.rules\.[a-z0-9]+\.conditions\[\d+\])\.Values(\[\d+\])$/.exec(path);
      return value !== null && moto === undefined && simulated !== undefined && simulated === sides.moto.get(`${value[1]}.HostHeaderConfig.Values${value[2]}`);
    }),
  },
];
