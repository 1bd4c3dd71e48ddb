/** Reads a PDF back the way a reader would: its text, page by page, and its page size (pdf.js). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfText(pdf: Uint8Array): Promise<{ pages: string[]; size: [number, number]; title: string }> {
  const task = getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const document = await task.promise;
  const pages: string[] = [];
  let size: [number, number] = [0, 0];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    if (n === 1) size = [page.view[2]!, page.view[3]!];
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join(''));
  }
  const { info } = (await document.getMetadata()) as { info: { Title?: string } };
  await task.destroy();
  return { pages, size, title: info.Title ?? '' };
}
