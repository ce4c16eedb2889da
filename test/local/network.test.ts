import { describe, expect, it } from 'vitest';
import { IdGenerator } from '../../src/local/ids.js';
import { SimulatedNetwork, SubnetFullError } from '../../src/local/network.js';

function network() {
  const net = new SimulatedNetwork(new IdGenerator());
  const vpc = net.createVpc('10.0.0.0/16');
  return { net, vpc };
}

describe('Class: SimulatedNetwork', () => {
  describe('Method: allocateIp', () => {
    it('hands out fresh addresses from .10 in order when none was released', () => {
      const { net, vpc } = network();
      const subnet = net.createSubnet(vpc, '10.0.1.0/24', 'us-east-1a');

      const ips = [net.allocateIp(subnet), net.allocateIp(subnet), net.allocateIp(subnet)];

      expect(ips).toEqual(['10.0.1.10', '10.0.1.11', '10.0.1.12']);
    });

    it('throws SubnetFullError when every address of the subnet is in use', () => {
      const { net, vpc } = network();
      const subnet = net.createSubnet(vpc, '10.0.1.0/27', 'us-east-1a');
      for (let host = 10; host <= 30; host += 1) net.allocateIp(subnet);

      expect(() => net.allocateIp(subnet)).toThrow(SubnetFullError);
      expect(net.freeAddresses(subnet)).toBe(0);
    });

    it('spans octets in subnets larger than a /24', () => {
      const { net, vpc } = network();
      const subnet = net.createSubnet(vpc, '10.0.16.0/20', 'us-east-1a');

      const ips = Array.from({ length: 250 }, () => net.allocateIp(subnet));

      expect(ips.at(-1)).toBe('10.0.17.3');
      expect(net.freeAddresses(subnet)).toBe(4096 - 2 - 10 - 250 + 1);
    });
  });

  describe('Method: releaseIp', () => {
    it('reuses a released address once the fresh ones are gone, oldest released first', () => {
      const { net, vpc } = network();
      const subnet = net.createSubnet(vpc, '10.0.1.0/27', 'us-east-1a');
      const ips = Array.from({ length: 21 }, () => net.allocateIp(subnet));

      net.releaseIp(ips[5]!);
      net.releaseIp(ips[2]!);

      expect(net.freeAddresses(subnet)).toBe(2);
      expect([net.allocateIp(subnet), net.allocateIp(subnet)]).toEqual([ips[5], ips[2]]);
      expect(() => net.allocateIp(subnet)).toThrow(SubnetFullError);
    });

    it('ignores an address it never handed out or already took back', () => {
      const { net, vpc } = network();
      const subnet = net.createSubnet(vpc, '10.0.1.0/27', 'us-east-1a');
      const ip = net.allocateIp(subnet);

      net.releaseIp(ip);
      net.releaseIp(ip);
      net.releaseIp('192.168.0.1');

      expect(net.freeAddresses(subnet)).toBe(21);
    });
  });

  describe('Method: createSubnet', () => {
    it('refuses a block that is not a network address or is outside /16 to /27', () => {
      const { net, vpc } = network();

      expect(() => net.createSubnet(vpc, '10.0.1.5/24', 'us-east-1a')).toThrow(/network address/);
      expect(() => net.createSubnet(vpc, '10.0.0.0/8', 'us-east-1a')).toThrow(/\/16 to \/27/);
      expect(() => net.createSubnet(vpc, '10.0.1.0/28', 'us-east-1a')).toThrow(/\/16 to \/27/);
    });
  });
});
