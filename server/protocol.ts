// The messages this server adds to LSP. Plain declarations, shared by the server,
// the VS Code client and the tests: no imports, so any of them can bundle it.

/** Server → client notification, sent whenever the corpus has been (re)indexed. */
export const CORPUS_STATUS = "briefingNotes/corpusStatus";

export interface CorpusStatus {
  /** Source documents indexed. */
  documents: number;
  /** Names read from them (agreements, exercises, people …). */
  names: number;
  /** Loading problems (errors and warnings) of the current corpus. */
  problems: number;
  /** Absolute paths of the corpus folders, the embedded default first when included. */
  folders: string[];
  /** Still loading: counts are those of the previous corpus. */
  loading: boolean;
}

/** Client → server request: the corpus index as data and as a Markdown page. */
export const CORPUS_INDEX = "briefingNotes/corpusIndex";

export interface CorpusIndexResult {
  markdown: string;
  sources: { id: string; title: string; publisher?: string; date?: string; path: string; uri: string }[];
  names: { name: string; kind: string; aliases: string[]; docIds: string[] }[];
}

/** What a client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** VS Code's workspace trust: when false, only the embedded default corpus is read. */
  workspaceTrusted?: boolean;
  /** Settings for clients that cannot answer `workspace/configuration` (same shape as the `briefingNotes` section). */
  briefingNotes?: unknown;
}
