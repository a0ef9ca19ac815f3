/**
 * IPv4 and IPv6 parsing and CIDR containment for the event-pattern `cidr` operator. Addresses are
 * byte arrays (4 or 16 bytes), so a range check is a prefix comparison with no BigInt arithmetic.
 */

export type CidrBlock = { readonly network: Uint8Array; readonly prefixLength: number };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses a CIDR block such as `10.0.0.0/24` or `2001:db8::/32`; a bare address is a one-address block. */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  const network = parseIpAddress(slash === -1 ? text : text.slice(0, slash));
  if (network === undefined) return undefined;
  const bits = network.length * 8;
  if (slash === -1) return { network, prefixLength: bits };
  const lengthText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  const prefixLength = Number(lengthText);
  return prefixLength <= bits ? { network, prefixLength } : undefined;
}

/**
 * Whether `address` lies in `block`. An address of the other family never does: EventBridge
 * documents IPv4 and IPv6 matching, not IPv4-mapped IPv6 equivalence.
 */
export function cidrContains(block: CidrBlock, address: string): boolean {
  const bytes = parseIpAddress(address);
  if (bytes === undefined || bytes.length !== block.network.length) return false;
  const fullBytes = Math.floor(block.prefixLength / 8);
  for (let i = 0; i < fullBytes; i++) {
    if (bytes[i] !== block.network[i]) return false;
  }
  const restBits = block.prefixLength % 8;
  if (restBits === 0) return true;
  const mask = (0xff << (8 - restBits)) & 0xff;
  return ((bytes[fullBytes] ?? 0) & mask) === ((block.network[fullBytes] ?? 0) & mask);
}

/** Parses a dotted IPv4 or a (possibly `::`-compressed, possibly IPv4-suffixed) IPv6 address. */
export function parseIpAddress(text: string): Uint8Array | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = IPV4.exec(text);
  if (parts === null) return undefined;
  const bytes = parts.slice(1).map(Number);
  return bytes.every((byte) => byte <= 255) ? Uint8Array.from(bytes) : undefined;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  // Without `::` all eight groups are spelled out; with it, `::` stands for at least one group.
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** The 16-bit groups of one side of `::`; a trailing dotted IPv4 counts as two groups. */
function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else if (HEX_GROUP.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}
