import type { EmailTemplate } from '../../../../shared/contracts/email-templates';
import { isLinkVariable, type EmailKey } from '../../../../shared/email-templates';

/** Lines of one paragraph. */
export type Paragraph = readonly string[];
/** A paragraph, or paragraphs shown only when a variable has a value (or only when it has none). */
export type Block =
  Paragraph | { if: string; then: readonly Paragraph[]; else?: readonly Paragraph[] };

export type DefaultTemplates = Record<EmailKey, EmailTemplate>;

/** A line that holds nothing but a link variable becomes a link in the HTML body. */
const isLinkLine = (line: string) => {
  const name = /^<%= ([\w.]+) %>$/.exec(line)?.[1];
  return name !== undefined && isLinkVariable(name);
};

const isParagraph = (block: Block): block is Paragraph => Array.isArray(block);

const write = (
  blocks: readonly Block[],
  paragraph: (lines: Paragraph) => string,
  separator: string
) => {
  const last = blocks.at(-1);
  if (!last || !isParagraph(last)) throw new Error('A default email must end with a paragraph.');
  const out = blocks.map((block) => {
    if (isParagraph(block)) return paragraph(block) + separator;
    const branch = (paragraphs: readonly Paragraph[]) =>
      paragraphs.map((lines) => paragraph(lines) + separator).join('');
    return [
      `<% if ${block.if} %>\n`,
      branch(block.then),
      block.else ? `<% else %>\n${branch(block.else)}` : '',
      '<% end %>\n',
    ].join('');
  });
  return out.join('').replace(/\n+$/, '\n');
};

const htmlLine = (line: string) => (isLinkLine(line) ? `<a href="${line}">${line}</a>` : line);

/**
 * One default email from its paragraphs: the text body keeps one line per line and a blank line
 * between paragraphs (as the plugin's emails always read), the HTML body one <p> per paragraph.
 */
export const defineEmail = (subject: string, blocks: readonly Block[]): EmailTemplate => ({
  subject,
  html: write(blocks, (lines) => `<p>${lines.map(htmlLine).join('<br>\n')}</p>`, '\n'),
  text: write(blocks, (lines) => lines.join('\n'), '\n\n'),
});
