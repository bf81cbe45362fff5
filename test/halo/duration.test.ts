import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/duration.js';

describe('durations (connection.timeout, --timeout, --deadline)', () => {
  it.each([
    ['30s', 30_000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['45', 45_000],
    ['2.5', 2_500],
    [' 10S ', 10_000],
    [30, 30_000],
    [0.25, 250],
  ])('%j -> %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '0', '0s', '-5', '5 minutes', '1d', 'm', NaN, -1, 0])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    [30_000, '30s'],
    [1_500, '1.5s'],
    [90_000, '1m30s'],
    [250, '250ms'],
    [3_600_000, '1h'],
    [3_720_000, '1h2m'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
