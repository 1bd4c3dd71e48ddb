/**
 * The extract as the official PDF: A4, DejaVu Serif (every French accent, and far beyond Latin-1),
 * page numbers and the IDActe in the footer of each page. The output is deterministic — the same
 * séance gives the same bytes, hence the same SHA-256 — because the document's dates are the
 * signature's, not the rendering's, and a word is laid out the same whatever was rendered before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { create, type Font, type GlyphPosition, type GlyphRun } from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Block, ExtractContent, TableBlock } from './extract-content.ts';

/**
 * The folder of the two faces of DejaVu Serif the extract is set in. A bundled function carries them
 * in `fonts/` beside its code (infra/function-bundling.ts copies them there); run from the
 * repository, they are read from the dejavu-fonts-ttf package.
 */
const FONT_DIR = (() => {
  const beside = join(import.meta.dirname, 'fonts');
  return existsSync(join(beside, 'DejaVuSerif.ttf'))
    ? beside
    : join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
})();

/** The runs of text a face remembers: far more than a séance's words, few enough to weigh a few megabytes. */
const MAX_RUNS = 20_000;

/**
 * A face as pdfkit sets text in it: parsed once per process, and laying out each run of text (pdfkit
 * lays text out word by word) once per process rather than once per document. Parsing the TrueType
 * file for every document and laying out every word again with fontkit's OpenType engine were most
 * of a rendering's time. pdfkit 0.20 takes an already-parsed fontkit font wherever it takes a font
 * file: it gets the parsed font with only `layout` its own. The extract asks for no OpenType
 * features, so a run is known by its text.
 */
function face(file: string): Font {
  const bytes = readFileSync(join(FONT_DIR, file));
  const font = create(bytes);
  const runs = new Map<string, GlyphRun>();
  const layout = (text: string) => {
    let run = runs.get(text);
    if (!run) {
      if (runs.size === MAX_RUNS) runs.clear();
      run = freshLayout(font, bytes, text);
      runs.set(text, run);
    }
    return new ScalableRun(run);
  };
  return Object.create(font, { layout: { value: layout } }) as Font;
}

/**
 * `text` laid out as a fresh copy of the face lays it out, kept as pdfkit reads it (each glyph's
 * id, width and code points, and its position). Substitutions and kerning go by glyph, but a
 * parsed font remembers, for each glyph, the code points it was first reached from — what the
 * PDF's ToUnicode map says the glyph reads as. Shared by the documents of a process, that memory
 * would make a document depend on those rendered before it: after a literal "ﬁ", every "fi"
 * ligature would read as "ﬁ". A layout whose glyphs spell its text exactly is the fresh copy's;
 * any other (ligature characters, soft hyphens, characters the face lacks) is done on a fresh
 * copy, let go once read.
 */
function freshLayout(font: Font, bytes: Uint8Array, text: string): GlyphRun {
  const shared = font.layout(text);
  const { glyphs, positions } = spells(shared, text) ? shared : create(bytes).layout(text);
  return {
    glyphs: glyphs.map(({ id, codePoints, advanceWidth }) => ({ id, codePoints, advanceWidth })),
    positions: positions.map((position) => new Position(position)),
  };
}

/** Whether the run's glyphs, read in order, give back its text's code points. */
const spells = ({ glyphs }: GlyphRun, text: string) =>
  isDeepStrictEqual(
    glyphs.flatMap((glyph) => glyph.codePoints),
    Array.from(text, (c) => c.codePointAt(0)),
  );

/** A glyph's position, as a plain object of one shape: pdfkit scales it in place to the font size. */
class Position implements GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;

  constructor({ xAdvance, yAdvance, xOffset, yOffset }: GlyphPosition) {
    this.xAdvance = xAdvance;
    this.yAdvance = yAdvance;
    this.xOffset = xOffset;
    this.yOffset = yOffset;
  }
}

/** A remembered run as pdfkit takes it: the same glyphs, with positions of its own for pdfkit to scale. */
class ScalableRun {
  readonly glyphs: GlyphRun['glyphs'];
  readonly positions: Position[];

  constructor({ glyphs, positions }: GlyphRun) {
    this.glyphs = glyphs;
    this.positions = positions.map((position) => new Position(position));
  }

  /** The width of the run, in the units its positions are in when read: pdfkit reads it once it has scaled them. */
  get advanceWidth(): number {
    return this.positions.reduce((width, position) => width + position.xAdvance, 0);
  }
}

/** pdfkit 0.20 takes a parsed fontkit font wherever it takes a font file; its types (@types/pdfkit 0.17) predate that. */
const asFontSource = (font: Font) => font as unknown as string;

const FACES = { regular: asFontSource(face('DejaVuSerif.ttf')), bold: asFontSource(face('DejaVuSerif-Bold.ttf')) };

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
  table: { font: 'regular', size: 9, align: 'left', gapBefore: 4 },
};

/** The extract as a PDF whose metadata name `author` (the assembly); the same content always gives the same bytes. */
export async function renderPdf(content: ExtractContent, author: string): Promise<Buffer> {
  const date = new Date(`${content.date}T12:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    // Our font from the start: pdfkit never loads its default, Helvetica, whose metrics a bundle lacks.
    font: FACES.regular,
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
  doc.registerFont('regular', FACES.regular);
  doc.registerFont('bold', FACES.bold);
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
    else if (block.style === 'table') table(doc, block, width);
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

/**
 * A table drawn as a grid: the first column on one line, each other as wide as its longest word at
 * least (a name never breaks inside), what is left shared out by how much each column's cells would
 * take on one line; the head row in bold; a row that would cross the page's foot starts a new page.
 */
function table(doc: PDFKit.PDFDocument, block: TableBlock, width: number): void {
  const padding = 3;
  const widths = columnWidths(doc, block, width, padding);
  const bottom = doc.page.height - MARGIN.bottom;
  doc.y += STYLES.table.gapBefore;
  const row = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(STYLES.table.size);
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 2 * padding }))) + 2 * padding;
    if (doc.y + height > bottom) doc.addPage();
    const top = doc.y;
    let x = MARGIN.left;
    cells.forEach((cell, i) => {
      doc.rect(x, top, widths[i]!, height).lineWidth(0.5).stroke('#888');
      doc.text(cell, x + padding, top + padding, { width: widths[i]! - 2 * padding, align: i === 0 || bold ? 'left' : 'right' });
      x += widths[i]!;
    });
    doc.y = top + height;
  };
  row(block.head, true);
  for (const cells of block.rows) row(cells, false);
  doc.strokeColor('black');
  doc.x = MARGIN.left;
  doc.font('regular');
}

function columnWidths(doc: PDFKit.PDFDocument, block: TableBlock, width: number, padding: number): number[] {
  const measure = (text: string, bold: boolean) =>
    doc
      .font(bold ? 'bold' : 'regular')
      .fontSize(STYLES.table.size)
      .widthOfString(text);
  const columns = block.head.map((head, i) => [
    { text: head, bold: true },
    ...block.rows.map((row) => ({ text: row[i] ?? '', bold: false })),
  ]);
  const natural = columns.map((cells) => Math.max(...cells.map((c) => measure(c.text, c.bold))) + 2 * padding);
  const least = columns.map((cells, i) =>
    i === 0 ? natural[0]! : Math.max(...cells.flatMap((c) => c.text.split(' ').map((word) => measure(word, c.bold)))) + 2 * padding,
  );
  const floor = least.reduce((a, b) => a + b, 0);
  if (floor >= width) return least.map((w) => (w * width) / floor);
  const wanted = natural.reduce((a, b) => a + b, 0) - floor;
  const spare = width - floor;
  return least.map(
    (w, i) =>
      w + (wanted > 0 ? Math.min(1, spare / wanted) * (natural[i]! - w) : 0) + (wanted < spare ? (spare - wanted) / least.length : 0),
  );
}
