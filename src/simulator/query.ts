/**
 * Query-string reading as ASP.NET binds it: parameter names are case-insensitive and booleans
 * accept true/false in any casing (clients send `True` as PowerShell prints it).
 */

/** Typed, case-insensitive access to a request's query parameters. */
export class QueryParams {
  private readonly values = new Map<string, string>();

  constructor(params: URLSearchParams) {
    for (const [k, v] of params) if (!this.values.has(k.toLowerCase())) this.values.set(k.toLowerCase(), v);
  }

  str(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  /** `true`/`True`/`1` are true; anything else (or absence) is false. */
  bool(name: string): boolean {
    const v = this.str(name)?.trim().toLowerCase();
    return v === 'true' || v === '1';
  }

  /** An integer parameter, or undefined when absent or not a whole number. */
  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined || !/^-?\d+$/.test(v.trim())) return undefined;
    return Number(v);
  }
}
