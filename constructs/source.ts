/**
 * Where a construct was created, for objects an app declares in code (`halo-iac --app main.ts`):
 * while the CLI runs an app it installs a locator, and each object or blueprint constructor
 * without a `source` captures the call stack and asks the locator for the user's file:line. At
 * any other time (YAML, tests, blueprint expansions, which carry their own source) nothing is
 * captured, so building 10,000 objects from YAML costs nothing here.
 *
 * The locator is kept on globalThis under a registered symbol, not in a module variable: an app
 * imports the constructs from its own copy of this package (tsx loads the TypeScript sources,
 * the CLI runs the compiled ones), and both copies must see the one the CLI installed.
 */
import type { SourcePosition } from '../src/model/diagnostics.js';

/** Finds the user's position in a captured `Error.stack`, or undefined when no frame is the user's. */
export type SourceLocator = (stack: string) => SourcePosition | undefined;

const LOCATOR = Symbol.for('halo-iac.sourceLocator');

/** Frames kept when capturing: a construct built by a helper built by a loop is still found. */
const CAPTURED_FRAMES = 50;

type Holder = { [LOCATOR]?: SourceLocator };

/** True while the CLI runs an app: the constructs being built are code-defined. */
export function appIsRunning(): boolean {
  return (globalThis as Holder)[LOCATOR] !== undefined;
}

/** The creation position of the construct being built, when an app is running; else undefined. */
export function creationSource(): SourcePosition | undefined {
  const locate = (globalThis as Holder)[LOCATOR];
  if (!locate) return undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CAPTURED_FRAMES;
  try {
    return locate(new Error().stack ?? '');
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Runs `fn` with `locate` installed (constructors created meanwhile capture their position). */
export async function withCreationSources<T>(locate: SourceLocator, fn: () => Promise<T> | T): Promise<T> {
  const holder = globalThis as Holder;
  const previous = holder[LOCATOR];
  holder[LOCATOR] = locate;
  try {
    return await fn();
  } finally {
    if (previous) holder[LOCATOR] = previous;
    else delete holder[LOCATOR];
  }
}
