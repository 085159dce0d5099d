import { clientOf } from '../../../server/src/utils/client-address';

describe('clientOf', () => {
  test.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['::FFFF:C000:0207', '192.0.2.7'],
    [' 192.0.2.7 ', '192.0.2.7'],
    ['::ffff:198.51.100.23', '198.51.100.23'],
    ['0:0::ffff:192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7%eth0', '192.0.2.7'],
  ])('Given the IPv4 client %j, Then it counts as %j', (ip, client) => {
    expect(clientOf(ip)).toBe(client);
  });

  test.each([
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:abcd::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.7', '64:ff9b:0:0::/64'],
    ['2001:db8::1:2:3:4:5', '2001:db8:0:1::/64'],
    // Zeros and ffff where a mapped address has them, but not all five leading groups zero.
    ['2001:db8::ffff:c000:207', '2001:db8:0:0::/64'],
  ])('Given the IPv6 client %j, Then it counts as its /64 %j', (ip, client) => {
    expect(clientOf(ip)).toBe(client);
  });

  test('Given two addresses of one /64, Then they are one client; of two /64s, two', () => {
    expect(clientOf('2001:db8:a:b::1')).toBe(clientOf('2001:db8:a:b:ffff:ffff:ffff:ffff'));
    expect(clientOf('2001:db8:a:b::1')).not.toBe(clientOf('2001:db8:a:c::1'));
  });

  test('Given no address, Then it is the empty client', () => {
    expect(clientOf('')).toBe('');
  });
});
