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
        diagnostic: { dynamicRegistration: false },
        hover: { contentFormat: ['markdown'] },
        // As VS Code's client announces it: the list's shared values once (LSP 3.17), details on resolve.
        completion: {
          completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
          completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
        },
        definition: {},
        references: {},
      },
      workspace: { configuration: true, workspaceFolders: true },
      window: { workDoneProgress: true },
    },
    initializationOptions,
  };
}
