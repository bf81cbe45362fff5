/**
 * The one way messages write a path into an object's spec, the style validate uses for schema
 * errors: `spec.teams.members[0]`. Positions (fieldSources) keep their dotted keys.
 */

/** `teams.members.0` -> `spec.teams.members[0]`. */
export function specPath(dotted: string): string {
  return `spec${dotted
    .split('.')
    .filter((seg) => seg !== '')
    .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`))
    .join('')}`;
}
