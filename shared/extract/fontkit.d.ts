/** The part of fontkit's API render-pdf.ts uses (the package ships no types). */
declare module 'fontkit' {
  export interface Glyph {
    readonly id: number;
    /** The code points the glyph was first reached from: what the PDF's ToUnicode map says it reads as. */
    readonly codePoints: readonly number[];
    readonly advanceWidth: number;
  }

  /** How far a glyph moves the pen, and where it is drawn from the pen, in font units. */
  export interface GlyphPosition {
    readonly xAdvance: number;
    readonly yAdvance: number;
    readonly xOffset: number;
    readonly yOffset: number;
  }

  /** A text as laid out: its glyphs after OpenType substitution, each with its position. */
  export interface GlyphRun {
    readonly glyphs: readonly Glyph[];
    readonly positions: readonly GlyphPosition[];
  }

  export interface Font {
    layout(text: string): GlyphRun;
  }

  export function create(file: Uint8Array): Font;
}
