/**
 * How fast the certified extract of the seed act renders, warm, in each format:
 *   node bench/extract.ts
 * The seed séance is replayed once and its act's extract content built, as the extract function
 * builds it; then each renderer runs a few times unmeasured and is timed render by render. Extracts
 * per second renders the three formats of the act back to back in this one process, hence on one
 * core. A warm PDF reuses what the process learnt rendering before (the parsed faces, each word's
 * layout): the details give the first PDF too, as a function fresh from a cold start renders it.
 */
import { performance } from 'node:perf_hooks';
import { replay } from '#domain/session';
import type { SessionOpened } from '#events/session-events';
import { extractContent, type ExtractContent } from '#extract/extract-content';
import { renderHtml } from '#extract/render-html';
import { renderPdf } from '#extract/render-pdf';
import { renderText } from '#extract/render-text';
import { formatSection, median, percentile, type Section } from './report.ts';
import { seedEvents } from './seances.ts';

const WARM_UP = 5;
const SAMPLES = { pdf: 200, html: 1000, text: 1000 };
const EXTRACTS = 100;

/** The seed act's extract content, and the assembly its PDF names as author. */
function seedExtract(): { content: ExtractContent; author: string } {
  const events = seedEvents();
  const state = replay(events).state!;
  const item = state.items[0]!;
  const opening = events.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
  const texts = opening.payload.items.find((i) => i.number === item.number)!;
  return { content: extractContent(state, item, texts), author: state.assembly.name };
}

/** The duration in ms of each of `count` runs of `work`, after a few unmeasured ones. */
async function samples(count: number, work: () => unknown): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await work();
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await work();
    durations.push(performance.now() - start);
  }
  return durations;
}

/** Median and p99 of each format's rendering of the seed act, and whole extracts (three formats) per second. */
export async function measure(): Promise<Section> {
  const { content, author } = seedExtract();
  const first = performance.now();
  const pdfBytes = (await renderPdf(content, author)).length;
  const firstPdfMs = performance.now() - first;
  const pdf = await samples(SAMPLES.pdf, () => renderPdf(content, author));
  const html = await samples(SAMPLES.html, () => renderHtml(content));
  const text = await samples(SAMPLES.text, () => renderText(content));
  const start = performance.now();
  for (let i = 0; i < EXTRACTS; i++) {
    await renderPdf(content, author);
    renderHtml(content);
    renderText(content);
  }
  const perSecond = EXTRACTS / ((performance.now() - start) / 1000);
  return {
    section: 'Extract',
    figures: [
      { name: 'seed extract, PDF: median', value: median(pdf), unit: 'ms', target: { max: 15 } },
      { name: 'seed extract, PDF: p99', value: percentile(pdf, 99), unit: 'ms' },
      { name: 'seed extract, HTML: median', value: median(html), unit: 'ms' },
      { name: 'seed extract, HTML: p99', value: percentile(html, 99), unit: 'ms' },
      { name: 'seed extract, text: median', value: median(text), unit: 'ms' },
      { name: 'seed extract, text: p99', value: percentile(text, 99), unit: 'ms' },
      { name: 'extracts per second on one core (PDF, HTML and text)', value: perSecond, unit: '/s' },
    ],
    details: {
      act: content.actesId,
      blocks: content.blocks.length,
      warmUp: WARM_UP,
      samples: SAMPLES,
      extractsTimed: EXTRACTS,
      pdfBytes,
      firstPdfMs,
    },
  };
}

if (import.meta.main) console.log(formatSection(await measure()));
