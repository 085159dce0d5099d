import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (already checked with `isIPv6`). */
const groupsOf = (address: string): number[] => {
  let text = address;
  // A trailing dotted quad (`::ffff:192.0.2.1`, `64:ff9b::192.0.2.1`) stands for two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const first = parse(head);
  const last = tail === undefined ? [] : parse(tail);
  return [...first, ...Array<number>(8 - first.length - last.length).fill(0), ...last];
};

/**
 * The client an attempt is counted for, from the address Strapi gives the request
 * (`ctx.request.ip`). An IPv4 address is itself, also when written as IPv4-mapped IPv6. An IPv6
 * address counts as its /64: a subscriber is given at least a whole /64, and could otherwise
 * send every attempt from a fresh address.
 */
export const clientOf = (ip: string): string => {
  // A zone (`fe80::1%eth0`) names the server's interface, not the client.
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  if (!isIPv6(address)) return address;
  const groups = groupsOf(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    const ipv4 = [high >> 8, high & 255, low >> 8, low & 255].join('.');
    if (isIPv4(ipv4)) return ipv4;
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
};
