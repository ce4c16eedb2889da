import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/core/errors.js';
import { elb, router } from './elb-traffic-router-setup.js';
import { ALB_DNS_NAME, ALB_ZONE_ID, LISTENER_ARN, LOAD_BALANCER_ARN, targetGroupArn } from './fixtures.js';

beforeEach(() => {
  elb.reset();
});

describe('Class: ElbTrafficRouter', () => {
  describe('Method: describeListener', () => {
    it('finds the load balancer of the listener and returns its DNS name and zone', async () => {
      // Prepare
      elb.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: LISTENER_ARN, LoadBalancerArn: LOAD_BALANCER_ARN }] });
      elb.on(DescribeLoadBalancersCommand).resolves({
        LoadBalancers: [{ LoadBalancerArn: LOAD_BALANCER_ARN, DNSName: ALB_DNS_NAME, CanonicalHostedZoneId: ALB_ZONE_ID }],
      });

      // Act
      const alias = await router().describeListener(LISTENER_ARN);

      // Assess
      expect(elb).toHaveReceivedCommandWith(DescribeListenersCommand, { ListenerArns: [LISTENER_ARN] });
      expect(elb).toHaveReceivedCommandWith(DescribeLoadBalancersCommand, { LoadBalancerArns: [LOAD_BALANCER_ARN] });
      expect(alias).toEqual({ loadBalancerArn: LOAD_BALANCER_ARN, dnsName: ALB_DNS_NAME, canonicalHostedZoneId: ALB_ZONE_ID });
    });
  });

  describe('Method: targetHealth', () => {
    it('maps each target and its state', async () => {
      // Prepare
      elb.on(DescribeTargetHealthCommand).resolves({
        TargetHealthDescriptions: [
          { Target: { Id: '10.0.1.15', Port: 8080 }, TargetHealth: { State: 'healthy' } },
          {
            Target: { Id: '10.0.2.20', Port: 8080 },
            TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' },
          },
        ],
      });

      // Act
      const health = await router().targetHealth(targetGroupArn('devenv-web-pr-1'));

      // Assess
      expect(elb).toHaveReceivedCommandWith(DescribeTargetHealthCommand, { TargetGroupArn: targetGroupArn('devenv-web-pr-1') });
      expect(health).toEqual([
        { id: '10.0.1.15', port: 8080, state: 'healthy' },
        {
          id: '10.0.2.20',
          port: 8080,
          state: 'unhealthy',
          reason: 'Target.ResponseCodeMismatch',
          description: 'Health checks failed with these codes: [502]',
        },
      ]);
    });

    it('throws NotFoundError when the target group does not exist', async () => {
      // Prepare
      elb.on(DescribeTargetHealthCommand).rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }));

      // Act
      const failure = router().targetHealth(targetGroupArn('ghost'));

      // Assess
      await expect(failure).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});
