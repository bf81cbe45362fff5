/**
 * Renderers: three views (text, markdown, json) of one Plan document. `plan` and `show`
 * print the same thing for the same plan.
 */
import type { Plan } from '../model/plan.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText, type TextOptions } from './text.js';

/** Output formats of plan/show. */
export type PlanFormat = 'text' | 'markdown' | 'json';

/** Renders a plan in the given format (text options apply to text only). */
export function renderPlan(plan: Plan, format: PlanFormat, textOptions: TextOptions = {}): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return renderMarkdown(plan);
  return renderText(plan, textOptions);
}

export { renderJson, orderPlan } from './json.js';
export { renderMarkdown, MARKDOWN_LIMIT } from './markdown.js';
export { renderText, errorLines, refusedSentence, warningLines, type RefusalStyle } from './text.js';
export { palette } from './colour.js';
export { NO_CHANGES, distinctWarnings, isEmptyPlan, summaryLine, visibleChanges } from './changes.js';
export { SENSITIVE } from './values.js';
export { renderStoppedMarkdown } from './stopped.js';
export { printable, printableDiagnostic } from './printable.js';
