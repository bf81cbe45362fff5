/**
 * Where a byte sequence stops being UTF-8. Node's `isUtf8` says whether a file is valid; a refusal
 * must also say where (`file:line:col` of the first bad byte), which no built-in reports.
 */

/** Bytes of a sequence by its lead byte, and the range its second byte must lie in (RFC 3629 §4). */
function expected(lead: number): { length: number; min: number; max: number } | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 2, min: 0x80, max: 0xbf };
  if (lead === 0xe0) return { length: 3, min: 0xa0, max: 0xbf }; // no overlong forms
  if (lead === 0xed) return { length: 3, min: 0x80, max: 0x9f }; // no surrogates
  if (lead >= 0xe1 && lead <= 0xef) return { length: 3, min: 0x80, max: 0xbf };
  if (lead === 0xf0) return { length: 4, min: 0x90, max: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 4, min: 0x80, max: 0xbf };
  if (lead === 0xf4) return { length: 4, min: 0x80, max: 0x8f }; // nothing above U+10FFFF
  return undefined;
}

/**
 * Offset of the first byte that is not part of a valid UTF-8 sequence (the lead byte of a broken
 * sequence), or `bytes.length` when all are valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const e = expected(lead);
    if (!e || i + e.length > bytes.length) return i;
    const second = bytes[i + 1] as number;
    if (second < e.min || second > e.max) return i;
    for (let k = 2; k < e.length; k++) {
      const b = bytes[i + k] as number;
      if (b < 0x80 || b > 0xbf) return i;
    }
    i += e.length;
  }
  return bytes.length;
}
