/** Where the documents of an act live (S3): extracts, stamped copies, transmission archives. */

export interface StoredDocument {
  readonly bytes: Buffer;
  readonly contentType: string;
}

/** How a linked document opens: shown in the browser, or saved under its file name. */
export interface LinkOptions {
  readonly filename: string;
  readonly contentType: string;
  readonly disposition: 'inline' | 'attachment';
  /** How long the link works, in seconds. */
  readonly seconds: number;
}

export interface DocumentStore {
  /** Stores a document; `disposition` (`attachment; filename="…"`) is what a plain download of it says. */
  put(key: string, bytes: Uint8Array, contentType: string, disposition?: string): Promise<void>;
  /** Undefined when no document has this key. */
  get(key: string): Promise<StoredDocument | undefined>;
  /** What a document is (its format and size) without reading it; undefined when no document has this key. */
  head(key: string): Promise<{ readonly contentType: string; readonly size: number } | undefined>;
  /**
   * A short-lived URL reading the document straight from the store: a document never passes through
   * the API (Lambda answers 6 MB at most).
   */
  link(key: string, options: LinkOptions): Promise<string>;
}

/** The Content-Disposition of a document: shown or saved, under its file name. */
export const contentDisposition = (disposition: LinkOptions['disposition'], filename: string) => `${disposition}; filename="${filename}"`;
