/**
 * Durations as users write them (`connection.timeout`, `--timeout`, `--deadline`): `500ms`, `30s`,
 * `2m`, `1h`, combinations such as `1m30s`, or a bare number of seconds (`45`, `2.5`). One parser
 * and one formatter, so messages quote durations the way they can be written back.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds for `text`, or undefined when it is not a duration (or is zero or negative). */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text > 0 ? Math.round(text * 1000) : undefined;
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return parseDuration(Number(t));
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
  return ms > 0 ? Math.round(ms) : undefined;
}

/** `30000` -> `30s`, `1500` -> `1.5s`, `90000` -> `1m30s`, `250` -> `250ms`, `3600000` -> `1h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000 && ms % 1000 !== 0) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['h', 3600], ['m', 60]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join('');
}
