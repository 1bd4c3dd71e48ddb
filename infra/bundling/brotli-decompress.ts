/**
 * Stands in for `brotli/decompress.js` in the functions' bundles (esbuild's alias, see
 * infra/function-bundling.ts). fontkit needs a Brotli decoder only to read WOFF2 fonts; the extract
 * embeds TrueType fonts, so the decoder and its dictionary (475 KB minified) would be dead weight.
 * Reading a WOFF2 font in a bundled function fails here, loudly.
 */
export default function decompress(): never {
  throw new Error('WOFF2 fonts cannot be read in a bundled function: its brotli decoder is left out (infra/function-bundling.ts)');
}
