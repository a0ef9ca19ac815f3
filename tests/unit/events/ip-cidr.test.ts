import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIpAddress } from '../../../shared/events/ip-cidr.ts';

function contains(cidr: string, address: string): boolean {
  const block = parseCidr(cidr);
  return block !== undefined && cidrContains(block, address);
}

describe('parseIpAddress', () => {
  it('reads dotted IPv4, compressed IPv6 and IPv6 ending in dotted IPv4', () => {
    const parsed = ['192.168.1.2', '2001:db8::1', '::', '::ffff:10.0.0.1'].map((text) =>
      Array.from(parseIpAddress(text) ?? []),
    );

    expect(parsed).toEqual([
      [192, 168, 1, 2],
      [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      Array(16).fill(0),
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1],
    ]);
  });

  it('rejects malformed addresses', () => {
    const malformed = [
      '256.0.0.1',
      '1.2.3',
      '1.2.3.4.5',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'g::1',
      '',
    ];

    const parsed = malformed.map(parseIpAddress);

    expect(parsed).toEqual(malformed.map(() => undefined));
  });
});

describe('cidrContains', () => {
  it('compares whole and partial bytes of the prefix', () => {
    const results = [
      contains('10.0.0.0/24', '10.0.0.255'),
      contains('10.0.0.0/24', '10.0.1.0'),
      contains('172.16.0.0/12', '172.31.255.255'),
      contains('172.16.0.0/12', '172.32.0.0'),
      contains('0.0.0.0/0', '8.8.8.8'),
      contains('2001:db8::/32', '2001:db8:ffff::1'),
      contains('2001:db8::/32', '2001:db9::1'),
      contains('2001:db8::1/128', '2001:db8:0:0:0:0:0:1'),
    ];

    expect(results).toEqual([true, false, true, false, true, true, false, true]);
  });

  it('treats a bare address as a single-address block and never mixes families', () => {
    const results = [
      contains('10.0.0.1', '10.0.0.1'),
      contains('10.0.0.1', '10.0.0.2'),
      contains('0.0.0.0/0', '::ffff:10.0.0.1'),
      contains('::/0', '10.0.0.1'),
    ];

    expect(results).toEqual([true, false, false, false]);
  });

  it('rejects prefix lengths beyond the address size or not a number', () => {
    const blocks = ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x'].map(parseCidr);

    expect(blocks).toEqual([undefined, undefined, undefined, undefined]);
  });
});
