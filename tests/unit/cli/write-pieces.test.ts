import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces, writePieces } from '../../../cli/output/write-pieces.ts';

describe('the report written in pieces', () => {
  it('is, character for character, JSON.stringify with two spaces', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.dictionary(
            fc.string(),
            fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.constant(undefined)),
          ),
          fc.array(fc.jsonValue()),
          fc.jsonValue(),
        ),
        (value) => {
          // Act
          const written = [...jsonPieces(value)].join('');

          // Assess
          expect(written).toBe(JSON.stringify(value, null, 2));
        },
      ),
    );
  });

  it('reaches the stream whole, in chunks far smaller than the whole', async () => {
    // Prepare
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const report = {
      messages: Array.from({ length: 5_000 }, (_, index) => ({ index, body: 'x'.repeat(100) })),
    };

    // Act
    await writePieces(jsonPieces(report, 0, '\n'), stream);

    // Assess
    expect(chunks.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(chunks.length).toBeGreaterThan(5);
  });
});
