/** Where the documents of an act live (S3): extracts, stamped copies, transmission archives. */

export interface StoredDocument {
  readonly bytes: Buffer;
  readonly contentType: string;
}

export interface DocumentStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Undefined when no document has this key. */
  get(key: string): Promise<StoredDocument | undefined>;
}
