/**
 * Masking known values in text, for every layer that lets text out: the client's redactor, the
 * renderers' scrub of a change's sensitive strings, the CLI's output backstop and the loader's
 * messages about values from `${env:..}`. Each keeps its own rule for what it masks (minimum
 * lengths, JSON-quoted forms, generic patterns); how a value is replaced is this one function.
 */

/** What a sensitive value prints as (Terraform's wording). */
export const SENSITIVE_VALUE = '(sensitive value)';

/**
 * A function that replaces every one of `values` in a text by `mask`, longest first (a value
 * holding another is replaced whole). Sorted once: for masking many strings with one list.
 */
export function masker(values: Iterable<string>, mask: string = SENSITIVE_VALUE): (text: string) => string {
  const sorted = [...values].filter((v) => v !== '').sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const v of sorted) out = out.split(v).join(mask);
    return out;
  };
}

/** `text` with every one of `values` replaced by `mask` (see masker). */
export function maskValues(text: string, values: Iterable<string>, mask: string = SENSITIVE_VALUE): string {
  return masker(values, mask)(text);
}
