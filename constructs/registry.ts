/**
 * The construct side of the kind registry: every kind of RESOURCE_KINDS (src/model/kinds.ts, THE
 * registry) has its declaration in constructs/kinds/<kebab-kind>.ts, found by that name the way its
 * schema always was (schemas/<kebab-kind>.schema.json). The manifest loader gets a kind's construct
 * class here, without knowing the kinds layer (src/kinds builds its handlers on these declarations).
 */
import { kebabKind, RESOURCE_KINDS, type KindName } from '../src/model/kinds.js';
import { isKindDeclaration, type AnyKindDeclaration, type KindClass } from './kind.js';

/** The one declaration a kind file exports; a file with none or several is a registry bug, named. */
function declarationIn(kind: KindName, file: string, mod: Record<string, unknown>): AnyKindDeclaration {
  const found = Object.values(mod).filter(isKindDeclaration);
  if (found.length !== 1 || found[0]?.kind !== kind) {
    throw new Error(`kind registry: ${file} must export exactly one declaration (declareKind) of kind ${kind}; it exports ${found.map((d) => d.kind).join(', ') || 'none'}`);
  }
  return found[0];
}

// Loaded once, when the registry is first imported (ESM waits for it): the same files a static
// import list would name, without a second list to keep in step with RESOURCE_KINDS. A kind file
// must not import this registry, nor constructs/index.ts: the registry waits for the kind file.
const loaded = await Promise.all(
  RESOURCE_KINDS.map(async (kind) => {
    const file = kebabKind(kind);
    const mod = (await import(/* @vite-ignore */ `./kinds/${file}.js`)) as Record<string, unknown>;
    return [kind, declarationIn(kind, `constructs/kinds/${file}.ts`, mod)] as const;
  }),
);

/** Every kind's declaration, by kind name, in RESOURCE_KINDS order. */
export const DECLARATIONS: { readonly [K in KindName]: AnyKindDeclaration } = Object.fromEntries(loaded) as { [K in KindName]: AnyKindDeclaration };

/** The declaration of a kind. */
export function declarationOf(kind: KindName): AnyKindDeclaration {
  return DECLARATIONS[kind];
}

/** The construct class of a kind (what the manifest loader instantiates for a document). */
export function constructFor(kind: KindName): KindClass {
  return DECLARATIONS[kind].construct;
}
