import { describe, expect, it } from 'vitest';
import { childrenCpuSeconds, slowest, type JsonReport } from '../../scripts/test-timing.js';

describe('Script: test-timing', () => {
  describe('Function: childrenCpuSeconds', () => {
    it('reads cutime and cstime when the command name holds spaces and parentheses', () => {
      // Prepare: fields 1–17 of proc(5), utime 7 and stime 3 (self), cutime 1234 and cstime 567 (children)
      const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 7 3 1234 567 20 0 11 0 99 0 0';

      // Act
      const cpu = childrenCpuSeconds(stat, 100);

      // Assess
      expect(cpu).toEqual({ user: 12.34, sys: 5.67 });
    });
  });

  describe('Function: slowest', () => {
    const report: JsonReport = {
      numTotalTests: 4,
      testResults: [
        { name: '/repo/test/a.test.ts', startTime: 1_000, endTime: 1_300, assertionResults: [{ fullName: 'a one', duration: 250 }] },
        {
          name: '/repo/test/b.test.ts',
          startTime: 2_000,
          endTime: 4_000,
          assertionResults: [
            { fullName: 'b one', duration: 1_500 },
            { fullName: 'b two', duration: null },
          ],
        },
        { name: '/repo/test/c.test.ts', startTime: 5_000, endTime: 5_100, assertionResults: [{ fullName: 'c one', duration: 90 }] },
      ],
    };

    it('orders files by the time from their start to their end and tests by duration, paths from the root', () => {
      // Act
      const { files, tests } = slowest(report, '/repo/', 2);

      // Assess
      expect(files).toEqual([
        { file: 'test/b.test.ts', ms: 2_000, tests: 2 },
        { file: 'test/a.test.ts', ms: 300, tests: 1 },
      ]);
      expect(tests).toEqual([
        { file: 'test/b.test.ts', test: 'b one', ms: 1_500 },
        { file: 'test/a.test.ts', test: 'a one', ms: 250 },
      ]);
    });
  });
});
