/**
 * The extract as the official PDF: A4, DejaVu Serif (every French accent, and far beyond Latin-1),
 * page numbers and the IDActe in the footer of each page. The output is deterministic — the same
 * séance gives the same bytes, hence the same SHA-256 — because the document's dates are the
 * signature's, not the rendering's.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Block, ExtractContent } from './extract-content.ts';

/**
 * The two faces of DejaVu Serif the extract is set in. A bundled function carries them in `fonts/`
 * beside its code (infra/function-bundling.ts copies them there); run from the repository, they are
 * read from the dejavu-fonts-ttf package.
 */
const fonts = (() => {
  const beside = join(import.meta.dirname, 'fonts');
  const dir = existsSync(join(beside, 'DejaVuSerif.ttf'))
    ? beside
    : join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return { regular: join(dir, 'DejaVuSerif.ttf'), bold: join(dir, 'DejaVuSerif-Bold.ttf') };
})();

const MARGIN = { top: 56, bottom: 70, left: 64, right: 64 };

interface Style {
  readonly font: 'regular' | 'bold';
  readonly size: number;
  readonly align: 'left' | 'justify' | 'right';
  readonly gapBefore: number;
  readonly indent?: number;
}

const STYLES: Record<Block['style'], Style> = {
  stamp: { font: 'bold', size: 9, align: 'left', gapBefore: 0 },
  header: { font: 'regular', size: 10, align: 'left', gapBefore: 0 },
  heading: { font: 'bold', size: 11.5, align: 'left', gapBefore: 10 },
  label: { font: 'regular', size: 10.5, align: 'left', gapBefore: 0 },
  title: { font: 'bold', size: 13.5, align: 'left', gapBefore: 12 },
  body: { font: 'regular', size: 10.5, align: 'justify', gapBefore: 4 },
  quote: { font: 'regular', size: 10.5, align: 'left', gapBefore: 1, indent: 14 },
  vote: { font: 'bold', size: 10.5, align: 'left', gapBefore: 4 },
  outcome: { font: 'bold', size: 10.5, align: 'left', gapBefore: 4 },
  signature: { font: 'regular', size: 10.5, align: 'right', gapBefore: 2 },
};

export async function renderPdf(content: ExtractContent, author: string): Promise<Buffer> {
  const date = new Date(`${content.date}T12:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    // Our font from the start: pdfkit never loads its default, Helvetica, whose metrics a bundle lacks.
    font: fonts.regular,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: content.title,
      Subject: content.actesId,
      Author: author,
      Creator: 'Registre',
      Producer: 'Registre',
      CreationDate: date,
      ModDate: date,
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((done) => doc.on('end', done));

  const width = doc.page.width - MARGIN.left - MARGIN.right;
  let previous: Block['style'] | undefined;
  for (const block of content.blocks) {
    const style = STYLES[block.style];
    if (block.style === 'signature' && previous !== 'signature') doc.moveDown(1.2);
    doc.font(style.font).fontSize(style.size);
    if (block.style === 'stamp') stamp(doc, block.text, width);
    else {
      doc.y += style.gapBefore;
      doc.text(block.text, MARGIN.left + (style.indent ?? 0), doc.y, {
        width: width - (style.indent ?? 0),
        align: style.align,
        lineGap: 1.5,
      });
    }
    previous = block.style;
  }

  const pages = doc.bufferedPageRange();
  for (let index = 0; index < pages.count; index++) {
    doc.switchToPage(pages.start + index);
    const y = doc.page.height - MARGIN.bottom + 28;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#444');
    doc.text(content.actesId, MARGIN.left, y, { width, align: 'left', lineBreak: false });
    doc.text(`Page ${index + 1} / ${pages.count}`, MARGIN.left, y, { width, align: 'right', lineBreak: false });
    doc.fillColor('black');
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The préfecture's stamp: a framed line at the top of the first page, as a tiers de télétransmission prints it. */
function stamp(doc: PDFKit.PDFDocument, text: string, width: number): void {
  const padding = 6;
  const height = doc.heightOfString(text, { width: width - 2 * padding }) + 2 * padding;
  const top = doc.y;
  doc.rect(MARGIN.left, top, width, height).lineWidth(0.8).stroke();
  doc.text(text, MARGIN.left + padding, top + padding, { width: width - 2 * padding, align: 'center' });
  doc.y = top + height + 10;
}
