// How the benchmarks' client starts the server and what it sends it first (`npm run bench` phase lsp,
// `bench:server-memory`, `bench:ws-cold`): one client, so that all measure the server started with the same Node
// flags and the same capabilities announced.

import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { serverNodeFlags } from '../server/src/protocol.js';

/**
 * The Node flags to start the server with: those the VS Code client gives it on this machine (`serverNodeFlags`),
 * unless `given` (a bench's flag) names others; `none` for Node's defaults.
 */
export function benchServerFlags(given: string | undefined): string[] {
  if (given === undefined) return serverNodeFlags(availableParallelism());
  return given.split(/\s+/).filter((flag) => flag !== '' && flag !== 'none');
}

/** `initialize` for a workspace folder `root`, pulling diagnostics, with the lookups the benchmarks ask for. */
export function initializeParams(root: string, initializationOptions: unknown): Record<string, unknown> {
  return {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: {
      textDocument: {
        // As VS Code's client: providers registered dynamically, so the server pulls open documents in two sets.
        diagnostic: { dynamicRegistration: true },
        hover: { contentFormat: ['markdown'] },
        // As VS Code's client announces it: the list's shared values once (LSP 3.17), details on resolve.
        completion: {
          completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
          completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
        },
        definition: {},
        references: {},
        // As VS Code's client: at most 5,000 folding ranges, semantic tokens as edits of the last ones.
        foldingRange: { rangeLimit: 5000 },
        semanticTokens: { requests: { full: { delta: true } }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
      },
      workspace: { configuration: true, workspaceFolders: true },
      window: { workDoneProgress: true },
    },
    initializationOptions,
  };
}

/** A diagnostic as the benchmarks read it. */
export interface BenchDiagnostic {
  readonly code: string;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}

/** A dynamic registration the server asked for (`client/registerCapability`). */
export interface Registration {
  readonly method: string;
  readonly registerOptions?: { readonly identifier?: string };
}

/**
 * Pulls one document's diagnostics as VS Code's client does: under each identifier the server declared at initialize
 * (`declared`) or registered since, all at once, each naming the report it holds ("unchanged" keeps its items). A
 * pull resolves, after every identifier's answer, to the items held under all of them; `named` false names no report.
 */
export function diagnosticPuller(
  request: <R>(method: string, params: unknown) => Promise<R>,
  uri: string,
  declared: string | undefined,
  registrations: readonly Registration[],
): (named?: boolean) => Promise<{ items: BenchDiagnostic[] }> {
  const held = new Map<string | undefined, { resultId?: string; items: BenchDiagnostic[] }>();
  const identifiers = () => [declared, ...registrations.filter((r) => r.method === 'textDocument/diagnostic').map((r) => r.registerOptions?.identifier)];
  return async (named = true) => {
    const asked = identifiers();
    await Promise.all(
      asked.map(async (identifier) => {
        const last = held.get(identifier);
        const previous = named && last?.resultId ? { previousResultId: last.resultId } : {};
        const report = await request<{ kind: string; resultId?: string; items?: BenchDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri }, ...(identifier ? { identifier } : {}), ...previous });
        held.set(identifier, report.kind === 'unchanged' ? { items: last?.items ?? [], resultId: report.resultId } : { resultId: report.resultId, items: report.items ?? [] });
      }),
    );
    return { items: asked.flatMap((identifier) => held.get(identifier)?.items ?? []) };
  };
}
