import type { BlockStyle, ExtractContent, TableBlock } from './extract-content.ts';

const ELEMENT: Record<BlockStyle, string> = {
  stamp: 'p class="stamp"',
  header: 'p class="header"',
  heading: 'h2',
  label: 'p class="label"',
  title: 'h1',
  body: 'p',
  quote: 'p class="decision"',
  vote: 'p class="vote"',
  outcome: 'p class="outcome"',
  signature: 'p class="signature"',
};

/** Text made safe inside HTML elements and attribute values. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The extract as a standalone HTML page (UTF-8, French, printable on A4). */
export function renderHtml(content: ExtractContent): string {
  const body = content.blocks
    .map((block) => {
      if (block.style === 'table') return table(block);
      const open = ELEMENT[block.style];
      return `<${open}>${escapeHtml(block.text)}</${open.split(' ')[0]}>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${escapeHtml(content.title)}</title>
<meta name="actes-id" content="${escapeHtml(content.actesId)}">
<style>
@page { size: A4; margin: 2cm; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.45; max-width: 17cm; margin: 2em auto; color: #111; }
h1 { font-size: 14pt; margin: 1em 0; } h2 { font-size: 11.5pt; margin: 1.2em 0 0.4em; }
.header { font-variant: small-caps; margin: 0; } .label { margin: 0; }
.decision { margin: 0.1em 0 0.1em 1em; white-space: pre-wrap; } .vote, .outcome { font-weight: bold; }
table { border-collapse: collapse; margin: 0.4em 0; font-size: 10pt; } caption { text-align: left; font-weight: bold; margin-bottom: 0.2em; }
th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: right; } th[scope="row"], thead th { text-align: left; }
.signature { text-align: right; margin: 0.2em 0; } .stamp { border: 1px solid #333; padding: 0.4em 0.8em; display: table; margin: 0.2em 0; font-size: 9.5pt; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A table with its caption, its head cells as column headers and each row's first cell as the row's. */
function table(block: TableBlock): string {
  const head = block.head.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('');
  const rows = block.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<caption>${escapeHtml(block.text)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}
