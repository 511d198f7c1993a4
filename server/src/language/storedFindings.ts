// The rules' findings of a full check kept between sessions: the seam through which a host keeps them
// (`FindingsStore`) and the key they are kept under, made of everything a rule can see: the rules that run, the
// configuration, the document's text and the state of the whole workspace index. Pure: the host hashes and stores.
//
// Why the key is sound: a rule reads its `RuleContext` (the index, the linked document, its model, its URI) and
// nothing else. Everything the index answers is a function of what the key holds: every document's URI, text and
// size mark, in index order (a model is a function of its text and URI: reading is deterministic and incremental
// reading equals a full parse); every bibliography's URI, text and size mark, with the entries kept from an earlier
// version when the text lost them; `clausemark.json`'s URI and text; the workspace folders, the size limit, the
// term matching options; and the references of every document and the workspace defaults as the index resolves
// them (which carries the files marked missing and the editor's default imports). Linking, workspace facts and
// shared values are computed from those. The code of the rules is the host's version, which the host's store adds.

import type { DocumentModel } from '../syntax/model.js';
import { emptyModel } from '../syntax/parseDocument.js';
import type { LanguageConfig } from './config.js';
import type { Finding } from './rules/rule.js';
import type { WorkspaceIndex } from './workspaceIndex.js';

/** The findings of one check before levels and suppressions apply, per rule id, in the order the rules ran. */
export type RuleFindings = ReadonlyMap<string, readonly Finding[]>;

/** Where the findings of full checks are kept (the host's, on disk). Its methods never throw. */
export interface FindingsStore {
  /** Whether to look up and keep the findings of `uri`, a text of `chars` UTF-16 units (a small document checks faster than a lookup). */
  accepts(uri: string, chars: number): boolean;
  /** A cryptographic digest of `texts` in order (a text's boundaries count): the key is made of digests. */
  digest(texts: readonly string[]): string;
  /** The findings kept for `uri` under `key`, or undefined. */
  get(uri: string, key: string): RuleFindings | undefined;
  /** Keeps the findings of a full check of `uri` under `key`, replacing what it kept for `uri`. */
  put(uri: string, key: string, findings: RuleFindings): void;
}

/** The version of what the key covers; bump it when a rule can see something the key leaves out. */
export const FINDINGS_KEY_FORMAT = 1;

/** A document's key and what the store keeps under it (`found`, the findings of the rules in `ran`, in that order). */
export interface FindingsLookup {
  readonly key: string;
  readonly found?: Map<string, readonly Finding[]>;
}

/**
 * The key of the findings of `uri` checked by the rules `ran` (their ids, in order) under `config`, and the findings
 * `store` keeps under it; undefined when the store does not take the document, the document is above the size limit
 * or has an internal syntax problem, or the key cannot be made.
 */
export function lookUpFindings(store: FindingsStore, index: WorkspaceIndex, uri: string, config: LanguageConfig, ran: readonly string[]): FindingsLookup | undefined {
  try {
    const doc = index.document(uri);
    if (!doc || doc.tooLarge !== undefined || !store.accepts(uri, doc.model.text.length)) return undefined;
    if (doc.model.problems.some((p) => p.code === 'syntax.internal')) return undefined;
    const key = store.digest([`clausemark findings ${FINDINGS_KEY_FORMAT}`, uri, JSON.stringify(ran), stableJson(config), modelDigest(store, doc.model), workspaceDigest(store, index)]);
    const kept = store.get(uri, key);
    if (!kept || kept.size !== ran.length) return { key };
    const found = new Map<string, readonly Finding[]>();
    for (const id of ran) {
      const findings = kept.get(id);
      if (!Array.isArray(findings)) return { key };
      found.set(id, findings);
    }
    return { key, found };
  } catch {
    return undefined; // A key that cannot be made: the rules run, and nothing is kept.
  }
}

/** Gives `store` the findings of a full check that completed (no rule failed) under `key`. */
export function keepFindings(store: FindingsStore, uri: string, key: string, findings: RuleFindings): void {
  try {
    store.put(uri, key, findings);
  } catch {
    // The store never throws; if it did, the findings are simply not kept.
  }
}

/** Digests per model text (and bibliography file), per store: a workspace of 5,000 files hashes a file once per change of it. */
const digests = new WeakMap<FindingsStore, WeakMap<object, string>>();

function memoDigest(store: FindingsStore, owner: object, texts: () => readonly string[]): string {
  let memo = digests.get(store);
  if (!memo) digests.set(store, (memo = new WeakMap()));
  let digest = memo.get(owner);
  if (digest === undefined) memo.set(owner, (digest = store.digest(texts())));
  return digest;
}

function modelDigest(store: FindingsStore, model: DocumentModel): string {
  return memoDigest(store, model, () => [model.text]);
}

/** The workspace's digest, per state of the index (its generation) and store. */
const workspaces = new WeakMap<WorkspaceIndex, { generation: number; store: FindingsStore; digest: string }>();

/** A digest of everything the index answers rules with (see the file's head). */
function workspaceDigest(store: FindingsStore, index: WorkspaceIndex): string {
  const hit = workspaces.get(index);
  if (hit && hit.generation === index.generation && hit.store === store) return hit.digest;
  const config = index.config;
  const parts: string[] = [
    JSON.stringify({ roots: index.roots, maxFileSize: index.maxFileSize, matching: matchingOf(index), defaults: index.defaultReferences() }),
    config ? `${config.uri}\n${config.text}` : '',
  ];
  for (const doc of index.documents()) {
    parts.push(`${doc.uri}\n${doc.tooLarge ?? ''}\n${modelDigest(store, doc.model)}\n${JSON.stringify(index.referencesOf(doc.uri))}`);
  }
  for (const file of index.sourceFiles()) {
    // Entries kept from an earlier version depend on more than the text: they are part of the file's digest.
    const digest = memoDigest(store, file, () => [file.text, file.kept ? JSON.stringify([file.entries, file.problems]) : '']);
    parts.push(`${file.uri}\n${file.tooLarge ?? ''}\n${digest}`);
  }
  const digest = store.digest(parts);
  workspaces.set(index, { generation: index.generation, store, digest });
  return digest;
}

/** A model no document has, whose matcher tells the index's term matching options. */
const PROBE = emptyModel('');

/**
 * The index's term matching options, read from a matcher it builds for one lower-case name: whether plural forms are
 * matched, and whether the capitalized form is in the trie (the index does not show its options otherwise).
 */
function matchingOf(index: WorkspaceIndex): { plurals: boolean; capitalizedAtSentenceStart: boolean } {
  const matcher = index.modelMatcher(PROBE, 'findings key', () => ['a']);
  return { plurals: matcher.plurals, capitalizedAtSentenceStart: matcher.root.next.has(0x41) };
}

/** JSON with object keys sorted, so that one configuration gives one text whatever order its keys were set in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
