import { describe, expect, it } from 'vitest';
import { createLiquidEngine } from '../../../language/templates/liquid-engine.ts';

describe('liquidjs as patched (patches/liquidjs+*.patch: its accent regexes written in ASCII)', () => {
  it('still folds every accented letter the latin slugify folds', async () => {
    // Prepare: one of each letter the patched removeAccents lists, in both cases where it has two
    const engine = createLiquidEngine();
    const accented = 'àáâãäå æ ç èéêë ìíîï ð ñ òóôõöø ùúûü ýÿ ß œ þ ẞ Œ Þ';

    // Act
    const slug = await engine.parseAndRender('{{ text | slugify: "latin", true }}', { text: accented });

    // Assess
    expect(slug).toBe('aaaaaa-ae-c-eeee-iiii-d-n-oooooo-uuuu-yy-ss-oe-th-SS-OE-TH');
  });
});
