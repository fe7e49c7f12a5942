/** The statistics screen's periods, worked out by hand for one "today". */
import { describe, expect, it } from 'vitest';
import { periodPresets, presetRange } from '../../src/renderer/src/lib/periods';

describe('the period presets', () => {
  it('cover whole calendar periods around 5 November 2026, both days included', () => {
    const today = '2026-11-05';
    expect(Object.fromEntries(periodPresets.map((p) => [p.label, presetRange(p.id, today)]))).toEqual({
      'Last 12 months': { from: '2025-12-01', to: '2026-11-30' },
      'This month': { from: '2026-11-01', to: '2026-11-30' },
      'Last month': { from: '2026-10-01', to: '2026-10-31' },
      'This quarter': { from: '2026-10-01', to: '2026-12-31' },
      'Last quarter': { from: '2026-07-01', to: '2026-09-30' },
      'This year': { from: '2026-01-01', to: '2026-12-31' },
      'Last year': { from: '2025-01-01', to: '2025-12-31' },
      'Year to date': { from: '2026-01-01', to: '2026-11-05' },
    });
  });

  it('take last quarter and last year across the turn of the year', () => {
    expect(presetRange('last-quarter', '2027-02-10')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetRange('last-year', '2027-01-01')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetRange('last-month', '2027-01-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
