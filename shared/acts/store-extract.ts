/**
 * The rendering of an act's certified extract in the three formats, stored: plain, stamped with the
 * préfecture's acknowledgement, or stamped and published (under the bucket's public prefix).
 */
import { createHash } from 'node:crypto';
import { extractContent, type Stamp } from '#extract/extract-content';
import { renderHtml } from '#extract/render-html';
import { renderPdf } from '#extract/render-pdf';
import { renderText } from '#extract/render-text';
import { contentDisposition, type DocumentStore } from '#ports/document-store';
import { documentFilename, documentKeys, FORMATS, type Act, type Format } from './act-documents.ts';

/** Renders the extract in every format and stores it; returns the keys and the PDF's SHA-256 and bytes. */
export async function storeExtract(act: Act, documents: DocumentStore, stamp?: Stamp) {
  const content = extractContent(act.state, act.item, act.texts, stamp);
  const keys = documentKeys(act, stamp?.published ? 'published' : stamp ? 'extract-stamped' : 'extract');
  const pdf = await renderPdf(content, act.state.assembly.name);
  // Stored as a download of it will say, even where a link cannot override it: the PDF saved, the others shown.
  const as = (disposition: 'inline' | 'attachment', format: Format) =>
    contentDisposition(disposition, documentFilename(act.item.actesId, stamp !== undefined, format));
  await Promise.all([
    documents.put(keys.pdf, pdf, FORMATS.pdf, as('attachment', 'pdf')),
    documents.put(keys.html, Buffer.from(renderHtml(content)), FORMATS.html, as('inline', 'html')),
    documents.put(keys.txt, Buffer.from(renderText(content)), FORMATS.txt, as('inline', 'txt')),
  ]);
  return { keys, pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
}
