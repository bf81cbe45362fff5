/**
 * ANSI colour for the text renderer. Off unless the caller says the output is a terminal and
 * NO_COLOR (https://no-color.org) is unset, so files, pipes and CI logs stay plain.
 */

/** Named styles used in plans. */
export interface Palette {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const ANSI: Palette = {
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

const identity = (s: string) => s;
const PLAIN: Palette = { green: identity, yellow: identity, red: identity, bold: identity, dim: identity };

/** The palette to use: colour only for a TTY with NO_COLOR unset (or empty). */
export function palette(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): Palette {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return isTTY && !noColor ? ANSI : PLAIN;
}

/** The plain palette (tests, files, markdown). */
export const plain: Palette = PLAIN;
