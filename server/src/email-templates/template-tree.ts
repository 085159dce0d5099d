import type { EmailTemplate } from '../../../shared/contracts/email-templates';

/*
 * The shapes the renderer parses a template into and the secrets check reads, in a module of
 * their own so that neither of the two imports the other for them.
 */

/** A parsed template: text, variables (with the line of their tag) and conditionals. */
export type TemplateNode =
  | { kind: 'text'; value: string }
  | { kind: 'variable'; name: string; line: number }
  | { kind: 'if'; name: string; then: TemplateNode[]; otherwise: TemplateNode[] };

/** One of a template's three parts: subject, HTML body, text body. */
export type TemplatePart = keyof EmailTemplate;
