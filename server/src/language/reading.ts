// The reading API for hosts that read blocks elsewhere (worker threads, a persistent cache): a narrow facade, so
// that the reading worker's bundle holds the syntax layer only, not the whole language service.
export { finishReading, MAX_RUN_CHARS, missingRuns, planReading, readingOf, type Reading, type ReadingPlan } from '../syntax/parseDocument.js';
export { readBlocksText, readBlockText, shiftBlock, type BlockRead } from '../syntax/blockRead.js';
export type { Block } from '../syntax/blockSplit.js';
export type { DocumentModel } from '../syntax/model.js';
