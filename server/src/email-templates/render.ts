import { template as strapiTemplate } from '../utils/strapi-utils';
import escapeHtml from 'lodash/escape.js';
import escapeRegExp from 'lodash/escapeRegExp.js';

import type { EmailTemplate } from '../../../shared/contracts/email-templates';
import { findSecretMisuse } from './secrets';
import type { TemplateNode, TemplatePart } from './template-tree';

/**
 * Email templates are written by admins, so they never run code. A template is text with four
 * kinds of tag, and any other `<% … %>` is refused:
 *
 *   <%= name %>          the value of a variable the email offers
 *   <% if name %>        what follows, up to <% else %> or <% end %>, only when the value is not empty
 *   <% else %>           what follows, up to <% end %>, only when it is empty
 *   <% end %>
 *
 * Variables are matched with Strapi's strict interpolation expression (the users-permissions fix
 * of CVE-2023-22621) and looked up by name in a plain map; nothing is compiled or evaluated. A
 * control tag alone on its line takes the whole line with it, so text bodies keep their layout.
 */

type Node = TemplateNode;

type Token =
  | { kind: 'text'; value: string }
  | { kind: 'variable'; name: string; line: number }
  | { kind: 'if'; name: string; line: number }
  | { kind: 'else' | 'end'; line: number };

/** A template that cannot be rendered: the message names the line and what to write instead. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'TemplateError';
  }
}

export type Values = Readonly<Record<string, string>>;

export interface CompiledTemplate {
  render(values: Values, options?: { html?: boolean }): string;
}

const lineAt = (source: string, index: number) => source.slice(0, index).split('\n').length;

const list = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');

/** Splits a template into text and tags, refusing every tag that is not one of the four. */
const tokenize = (source: string, variables: readonly string[]): Token[] => {
  const known = new Set(variables);
  const strict =
    variables.length > 0
      ? strapiTemplate.createStrictInterpolationRegExp(variables.map(escapeRegExp), '')
      : null;
  const isVariableTag = (tag: string) => strict?.exec(tag)?.[0] === tag;
  const unknown = (name: string, line: number) =>
    new TemplateError(`unknown variable "${name}". This email offers ${list(variables)}.`, line);

  const tokens: Token[] = [];
  let position = 0;
  while (position < source.length) {
    const open = source.indexOf('<%', position);
    if (open === -1) {
      tokens.push({ kind: 'text', value: source.slice(position) });
      break;
    }
    if (open > position) tokens.push({ kind: 'text', value: source.slice(position, open) });
    const line = lineAt(source, open);
    const close = source.indexOf('%>', open + 2);
    if (close === -1) {
      throw new TemplateError('"<%" is never closed with "%>".', line);
    }
    const tag = source.slice(open, close + 2);
    const body = source.slice(open + 2, close);
    position = close + 2;

    if (body.startsWith('=')) {
      const name = body.slice(1).trim();
      if (known.has(name) && isVariableTag(tag)) {
        tokens.push({ kind: 'variable', name, line });
      } else if (/^[\w.]+$/.test(name)) {
        throw unknown(name, line);
      } else {
        throw new TemplateError(
          `"${tag}" is not a variable. Write <%= name %> with one of ${list(variables)}.`,
          line
        );
      }
      continue;
    }
    const words = body.trim().split(/\s+/);
    if (words[0] === 'if' && words.length === 2 && words[1]) {
      if (!known.has(words[1])) throw unknown(words[1], line);
      tokens.push({ kind: 'if', name: words[1], line });
    } else if (words.length === 1 && (words[0] === 'else' || words[0] === 'end')) {
      tokens.push({ kind: words[0], line });
    } else {
      throw new TemplateError(
        `"${tag}" is not allowed. Templates take <%= name %>, <% if name %>, <% else %> and <% end %>, and never run code.`,
        line
      );
    }
  }
  return tokens;
};

const isControl = (token: Token | undefined) =>
  token !== undefined && (token.kind === 'if' || token.kind === 'else' || token.kind === 'end');

/** A control tag alone on its line leaves no blank line behind: its line goes with it. */
const dropStandaloneLines = (tokens: Token[]) => {
  tokens.forEach((token, index) => {
    if (!isControl(token)) return;
    const before = tokens[index - 1];
    const after = tokens[index + 1];
    const beforeText = before?.kind === 'text' ? before.value : index === 0 ? '' : null;
    const afterText = after?.kind === 'text' ? after.value : after === undefined ? '' : null;
    if (beforeText === null || afterText === null) return;
    const opensLine = /(^|\n)[ \t]*$/.test(beforeText);
    const closesLine = /^[ \t]*(\r?\n|$)/.test(afterText);
    if (!opensLine || !closesLine) return;
    if (before?.kind === 'text') before.value = before.value.replace(/[ \t]*$/, '');
    if (after?.kind === 'text') after.value = after.value.replace(/^[ \t]*(\r?\n)?/, '');
  });
};

/** Builds the tree of conditionals, refusing an else or end without its if, and an if never ended. */
const build = (tokens: Token[]): Node[] => {
  const root: Node[] = [];
  const open: Array<{ node: Extract<Node, { kind: 'if' }>; line: number; inElse: boolean }> = [];
  const target = () => {
    const top = open.at(-1);
    if (!top) return root;
    return top.inElse ? top.node.otherwise : top.node.then;
  };
  for (const token of tokens) {
    switch (token.kind) {
      case 'text':
        if (token.value) target().push({ kind: 'text', value: token.value });
        break;
      case 'variable':
        target().push({ kind: 'variable', name: token.name, line: token.line });
        break;
      case 'if': {
        const node: Extract<Node, { kind: 'if' }> = {
          kind: 'if',
          name: token.name,
          then: [],
          otherwise: [],
        };
        target().push(node);
        open.push({ node, line: token.line, inElse: false });
        break;
      }
      case 'else': {
        const top = open.at(-1);
        if (!top)
          throw new TemplateError('"<% else %>" without an "<% if name %>" before it.', token.line);
        if (top.inElse) {
          throw new TemplateError(
            `a second "<% else %>" for the "<% if ${top.node.name} %>" of line ${top.line}.`,
            token.line
          );
        }
        top.inElse = true;
        break;
      }
      case 'end':
        if (!open.pop()) {
          throw new TemplateError('"<% end %>" without an "<% if name %>" before it.', token.line);
        }
        break;
    }
  }
  const unclosed = open.at(-1);
  if (unclosed) {
    throw new TemplateError(
      `"<% if ${unclosed.node.name} %>" is never closed with "<% end %>".`,
      unclosed.line
    );
  }
  return root;
};

const valueOf = (values: Values, name: string) =>
  Object.prototype.hasOwnProperty.call(values, name) ? String(values[name] ?? '') : '';

const renderNodes = (nodes: Node[], values: Values, html: boolean): string =>
  nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return node.value;
        case 'variable': {
          const value = valueOf(values, node.name);
          return html ? escapeHtml(value) : value;
        }
        case 'if':
          return renderNodes(
            valueOf(values, node.name) !== '' ? node.then : node.otherwise,
            values,
            html
          );
      }
    })
    .join('');

/**
 * Parses a template against the variables its email offers.
 *
 * @throws TemplateError naming the line of the first problem.
 */
export const parseTemplate = (source: string, variables: readonly string[]): TemplateNode[] => {
  const tokens = tokenize(source, variables);
  dropStandaloneLines(tokens);
  return build(tokens);
};

const compileNodes = (nodes: TemplateNode[]): CompiledTemplate => ({
  render: (values, options = {}) => renderNodes(nodes, values, options.html === true),
});

/**
 * Parses a template against the variables its email offers.
 *
 * @throws TemplateError naming the line of the first problem.
 */
export const compileTemplate = (source: string, variables: readonly string[]): CompiledTemplate =>
  compileNodes(parseTemplate(source, variables));

export interface TemplateProblem {
  part: TemplatePart;
  /** `Line N: …`, saying what is wrong and what to write instead. */
  message: string;
  line: number;
}

export interface CompiledEmail {
  /** Subject and text get the values as they are, the HTML body gets them escaped. */
  render(values: Values): EmailTemplate;
}

const LINE_BREAK = /[\r\n\u2028\u2029]/;

/**
 * Compiles the three parts, or lists what is wrong with each (one problem per part). Besides
 * rendering, each part must keep the email's secrets where they cannot leave it (see
 * `findSecretMisuse`).
 */
export const checkEmailTemplate = (
  template: EmailTemplate,
  variables: readonly string[]
): { email: CompiledEmail; problems: [] } | { email: null; problems: TemplateProblem[] } => {
  const problems: TemplateProblem[] = [];
  const compile = (part: TemplatePart): CompiledTemplate | null => {
    try {
      if (part === 'subject' && LINE_BREAK.test(template.subject)) {
        throw new TemplateError(
          'the subject must be one line: remove its line break.',
          lineAt(template.subject, template.subject.search(LINE_BREAK))
        );
      }
      const nodes = parseTemplate(template[part], variables);
      const misuse = findSecretMisuse(part, nodes);
      if (misuse) throw new TemplateError(misuse.message, misuse.line);
      return compileNodes(nodes);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      problems.push({ part, message: error.message, line: error.line });
      return null;
    }
  };
  const subject = compile('subject');
  const html = compile('html');
  const text = compile('text');
  if (!subject || !html || !text) return { email: null, problems };
  return {
    problems: [],
    email: {
      render: (values) => ({
        // A value with a line break must not start a new header.
        subject: subject
          .render(values)
          .replace(/[\r\n\u2028\u2029]+/g, ' ')
          .trim(),
        html: html.render(values, { html: true }),
        text: text.render(values),
      }),
    },
  };
};
