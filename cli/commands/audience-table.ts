import {
  type AudiencePreview,
  CHANNEL_STANDING_TEXT,
  ChannelStanding,
} from '../../shared/broadcasts/audience-preview.ts';

/** The preview as a marketer reads it: counts first, then who is left out and why, then a sample. */
export function audienceTable(preview: AudiencePreview, source: string): string {
  const lines = [
    `Audience of ${preview.target}: ${preview.audience} (${source}, at ${preview.at})`,
    '',
    `  customers         ${preview.customers}`,
    `  in the segment    ${preview.inSegment}`,
    `  would enter       ${preview.members}`,
  ];
  const excluded = Object.entries(preview.excluded).sort(([, a], [, b]) => b - a);
  for (const [reason, count] of excluded) lines.push(`  left out          ${count}  ${reason}`);
  lines.push(
    `  at send           ${preview.atSend.globalControl} in the global control group, ${preview.atSend.capped} at a frequency cap now`,
    '',
    '  by channel (of those in the segment)',
  );
  for (const [channel, standings] of Object.entries(preview.channels)) {
    const counts = Object.entries(standings)
      .filter(([, count]) => count > 0)
      .map(([standing, count]) => `${count} ${CHANNEL_STANDING_TEXT[ChannelStanding.parse(standing)]}`);
    lines.push(`    ${channel.padEnd(6)} ${counts.join(', ') || 'none'}`);
  }
  if (preview.sample.length > 0) {
    lines.push('', `  sample (${preview.sample.length})`);
    for (const { profileId, excluded: reason } of preview.sample)
      lines.push(`    ${profileId}${reason === undefined ? '' : `  left out: ${reason}`}`);
  }
  return `${lines.join('\n')}\n`;
}
