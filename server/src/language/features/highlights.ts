// Document highlights: the places in one document where the thing at the cursor occurs, the declaration (a
// definition's names, a source entry's key, a clause's number or id, a front-matter party) marked as a write.

import type { Span } from '../../syntax/model.js';
import type { WorkspaceIndex } from '../workspaceIndex.js';
import { occurrencesAt } from './references.js';

/** A highlighted place: `write` where the thing is declared, `read` where it is used. */
export interface Highlight {
  readonly span: Span;
  readonly kind: 'read' | 'write';
}

/** The occurrences in `uri` of what stands at `offset`, in document order. */
export function getHighlights(index: WorkspaceIndex, uri: string, offset: number): Highlight[] {
  return occurrencesAt(index, uri, offset)
    .filter((o) => o.uri === uri)
    .map((o) => ({ span: o.span, kind: o.declaration ? 'write' : 'read' }));
}
