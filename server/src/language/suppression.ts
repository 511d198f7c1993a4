// Applies suppression comments (format section 7) to findings: `disable` … `enable` regions,
// `disable-next-line` (the line after the comment) and `disable-file`; no rule id means every rule.

import type { DocumentModel } from '../syntax/model.js';
import { LineIndex } from './lineIndex.js';

/** Answers whether a rule is suppressed at an offset of one document. */
export type SuppressionCheck = (rule: string, offset: number) => boolean;

/** Where some rules (none named: every rule) are suppressed: `[start, end)`. */
export interface Region {
  readonly rules: readonly string[];
  readonly start: number;
  readonly end: number;
}

/** Builds the suppression check of a document. */
export function suppressionsOf(model: DocumentModel): SuppressionCheck {
  if (model.suppressions.length === 0) return () => false;
  const regions = suppressionRegions(model);
  return (rule, offset) => regions.some((r) => offset >= r.start && offset < r.end && (r.rules.length === 0 || r.rules.includes(rule)));
}

/** The regions the suppression comments of a document silence. */
export function suppressionRegions(model: DocumentModel): Region[] {
  if (model.suppressions.length === 0) return [];
  const lines = new LineIndex(model.text);
  const regions: Region[] = [];
  const open = new Map<string, number>();
  for (const s of model.suppressions) {
    const keys = s.rules.length > 0 ? s.rules : ['*'];
    switch (s.kind) {
      case 'disable-file':
        regions.push({ rules: s.rules, start: 0, end: Infinity });
        break;
      case 'disable-next-line': {
        const line = lines.position(s.span.end).line + 1;
        regions.push({ rules: s.rules, start: lines.offset({ line, character: 0 }), end: lines.offset({ line: line + 1, character: 0 }) });
        break;
      }
      case 'disable':
        for (const key of keys) if (!open.has(key)) open.set(key, s.span.end);
        break;
      case 'enable':
        for (const key of keys) {
          if (key === '*') {
            for (const [k, start] of open) regions.push({ rules: k === '*' ? [] : [k], start, end: s.span.start });
            open.clear();
          } else {
            const start = open.get(key);
            if (start !== undefined) regions.push({ rules: [key], start, end: s.span.start });
            open.delete(key);
          }
        }
        break;
    }
  }
  for (const [key, start] of open) regions.push({ rules: key === '*' ? [] : [key], start, end: Infinity });
  return regions;
}
