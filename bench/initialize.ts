// The LSP `initialize` parameters the benchmarks' client sends the server (`npm run bench` phase lsp and
// `bench:server-memory`): one client, so that both measure the server with the same capabilities announced.

import { pathToFileURL } from 'node:url';

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
