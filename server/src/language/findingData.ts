// The offsets a finding's data holds for its quick fix, mapped: spans (`{ start, end }`) and `offset` fields, at any
// depth. The edit window moves them with the text; the LSP edge sends them relative to the finding's own start, so
// that an edit on another line leaves a diagnostic as the editor holds it, data and all.

/**
 * `value` with every offset it holds (spans' `start` and `end`, `offset` fields, at any depth) mapped by `at`; the
 * same object where no offset in it changed, so that a finding the edit does not move stays as it was.
 */
export function mapDataOffsets(value: unknown, at: (offset: number) => number): unknown {
  if (Array.isArray(value)) {
    const mapped = value.map((v) => mapDataOffsets(v, at));
    return mapped.every((v, i) => v === value[i]) ? value : mapped;
  }
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  const isSpan = typeof record.start === 'number' && typeof record.end === 'number';
  let changed = false;
  for (const [key, v] of Object.entries(record)) {
    out[key] = typeof v === 'number' && ((isSpan && (key === 'start' || key === 'end')) || key === 'offset') ? at(v) : mapDataOffsets(v, at);
    if (out[key] !== v) changed = true;
  }
  return changed ? out : value;
}
