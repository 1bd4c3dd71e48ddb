import type { ExtractContent } from './extract-content.ts';

/** The extract as plain UTF-8 text: one block a line, a blank line before each section. */
export function renderText(content: ExtractContent): string {
  const lines: string[] = [];
  content.blocks.forEach((block, index) => {
    const previous = content.blocks[index - 1];
    const opensSection =
      block.style === 'heading' || block.style === 'title' || (block.style === 'signature' && previous?.style !== 'signature');
    if (opensSection && index > 0) lines.push('');
    if (block.style === 'table')
      lines.push(...block.rows.map((row) => row.map((cell, i) => (i === 0 ? cell : `${block.head[i]} : ${cell}`)).join(' — ')));
    else lines.push(block.text);
  });
  return `${lines.join('\n')}\n`;
}
