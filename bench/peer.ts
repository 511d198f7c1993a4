// The peer the bench compares against: VS Code's own Markdown language service (vscode-markdown-languageservice with markdown-it) over an in-memory workspace.
//
// Set up as its README and its tests do (a markdown-it parser with `html: true` and the GitHub slugifier, an
// in-memory IWorkspace that fires change events), with one addition VS Code makes too: parsed tokens are cached
// per document version, so a request after an edit tokenizes the new version once.

import MarkdownIt from 'markdown-it';
import { CancellationToken, Emitter } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createLanguageService,
  DiagnosticLevel,
  githubSlugifier,
  LogLevel,
  type DiagnosticOptions,
  type FileStat,
  type IMdLanguageService,
  type IMdParser,
  type ITextDocument,
  type IWorkspace,
} from 'vscode-markdown-languageservice';

/** The service's URI type (from vscode-uri), named through its own API rather than imported from a transitive package. */
type URI = Parameters<IWorkspace['hasMarkdownDocument']>[0];

/** The levels VS Code uses when `markdown.validate.enabled` is on (its defaults for each check). */
export const PEER_DIAGNOSTIC_OPTIONS: DiagnosticOptions = {
  validateReferences: DiagnosticLevel.warning,
  validateFragmentLinks: DiagnosticLevel.warning,
  validateFileLinks: DiagnosticLevel.warning,
  validateMarkdownFileLinkFragments: DiagnosticLevel.warning,
  validateUnusedLinkDefinitions: DiagnosticLevel.hint,
  validateDuplicateLinkDefinitions: DiagnosticLevel.warning,
  ignoreLinks: [],
};

/** An in-memory workspace holding a few documents, as in the service's own tests. */
class MemoryWorkspace implements IWorkspace {
  readonly #documents = new Map<string, ITextDocument>();
  readonly #changed = new Emitter<ITextDocument>();
  readonly #created = new Emitter<ITextDocument>();
  readonly #deleted = new Emitter<URI>();
  readonly onDidChangeMarkdownDocument = this.#changed.event;
  readonly onDidCreateMarkdownDocument = this.#created.event;
  readonly onDidDeleteMarkdownDocument = this.#deleted.event;

  constructor(documents: readonly ITextDocument[]) {
    for (const doc of documents) this.#documents.set(doc.uri, doc);
  }

  /** No folders, as in the service's example: links are resolved against the documents themselves. */
  get workspaceFolders(): readonly URI[] {
    return [];
  }

  async getAllMarkdownDocuments(): Promise<Iterable<ITextDocument>> {
    return [...this.#documents.values()];
  }

  hasMarkdownDocument(resource: URI): boolean {
    return this.#documents.has(resource.toString());
  }

  async openMarkdownDocument(resource: URI): Promise<ITextDocument | undefined> {
    return this.#documents.get(resource.toString());
  }

  async stat(resource: URI): Promise<FileStat | undefined> {
    const key = resource.toString();
    if (this.#documents.has(key)) return { isDirectory: false };
    const prefix = key.endsWith('/') ? key : `${key}/`;
    for (const uri of this.#documents.keys()) if (uri.startsWith(prefix)) return { isDirectory: true };
    return undefined;
  }

  async readDirectory(resource: URI): Promise<Iterable<readonly [string, FileStat]>> {
    const prefix = resource.toString().replace(/\/?$/, '/');
    const entries = new Map<string, FileStat>();
    for (const uri of this.#documents.keys()) {
      if (!uri.startsWith(prefix)) continue;
      const parts = uri.slice(prefix.length).split('/');
      entries.set(decodeURIComponent(parts[0]!), { isDirectory: parts.length > 1 });
    }
    return [...entries];
  }

  /** Replaces a document and tells the service, as the editor does on a change. */
  update(document: ITextDocument): void {
    this.#documents.set(document.uri, document);
    this.#changed.fire(document);
  }
}

/** A markdown-it parser with a per-version token cache (VS Code keeps one too). */
function createParser(): IMdParser {
  const md = MarkdownIt({ html: true });
  const cache = new Map<string, { version: number; tokens: ReturnType<MarkdownIt['parse']> }>();
  return {
    slugifier: githubSlugifier,
    async tokenize(document) {
      const hit = cache.get(document.uri);
      if (hit && hit.version === document.version) return hit.tokens;
      const tokens = md.parse(document.getText(), {});
      cache.set(document.uri, { version: document.version, tokens });
      return tokens;
    },
  };
}

/** A fresh peer service over `documents`. */
export class Peer {
  readonly workspace: MemoryWorkspace;
  readonly service: IMdLanguageService;

  constructor(documents: readonly TextDocument[]) {
    this.workspace = new MemoryWorkspace(documents);
    this.service = createLanguageService({
      workspace: this.workspace,
      parser: createParser(),
      logger: { level: LogLevel.Off, log: () => undefined },
    });
  }

  /** The diagnostics VS Code would show for `document`. */
  diagnostics(document: TextDocument): Promise<unknown[]> {
    return this.service.computeDiagnostics(document, PEER_DIAGNOSTIC_OPTIONS, CancellationToken.None);
  }

  dispose(): void {
    this.service.dispose();
  }
}
