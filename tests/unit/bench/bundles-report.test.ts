import { describe, expect, it } from 'vitest';
import { type BundleFigures, formatBundlesReport } from '../../../bench/bundles/bundles-report.ts';
import { instructionsOf } from '../../../bench/bundles/instruction-count.ts';
import type { ColdStart } from '../../../infra/bundle/cold-start.ts';

const start: ColdStart = {
  handler: 'function',
  importMs: 100,
  importCpuMs: 100,
  readyMs: 120,
  rssBytes: 1,
  builtinsLoaded: [],
};

function figures(name: BundleFigures['name'], own: number, bare: number): BundleFigures {
  return {
    name,
    sdkClients: [],
    own: { bytes: 1024, gzipBytes: 512, start },
    bare: { bytes: 1024, gzipBytes: 512, start },
    runtimeBundleBytes: undefined,
    instructions: { own, bare },
  };
}

const results = {
  runs: 1,
  nodeVersion: 'v24.0.0',
  synthSeconds: 1,
  loadAverage: { start: 0, end: 0 },
};

describe('the bundles report', () => {
  it("names the functions whose import takes more than 1.3 times its bare handler's instructions", () => {
    // Act
    const report = formatBundlesReport({
      ...results,
      figures: [figures('check', 400e6, 320e6), figures('deliver', 664e6, 500e6)],
      instructions: { runs: 3, nodeStart: 90e6 },
    });

    // Assess
    expect(report).toContain('400 M / 320 M');
    expect(report).toContain('1.25× to 1.33× the bare handler; over 1.3×: deliver 1.33×');
    expect(report).toContain("median of 3 per import, Node's own start of 90 M taken off");
  });

  it('says when every function is within the target', () => {
    const report = formatBundlesReport({
      ...results,
      figures: [figures('check', 400e6, 320e6)],
      instructions: { runs: 3, nodeStart: 90e6 },
    });

    expect(report).toContain('every function within 1.3×');
  });

  it('has no instruction columns when they were not counted', () => {
    const report = formatBundlesReport({ ...results, figures: [figures('check', 400e6, 320e6)] });

    expect(report).not.toContain('instruction');
  });
});

describe("valgrind's count", () => {
  it('is read from its summary line, thousands separators and all', () => {
    const stderr = '==42== \n==42== I   refs:      663,912,345\n';

    expect(instructionsOf(stderr)).toBe(663_912_345);
  });

  it('is an error naming what valgrind said when the line is missing', () => {
    expect(() => instructionsOf('valgrind: failed to start tool')).toThrow(/failed to start tool/);
  });
});
