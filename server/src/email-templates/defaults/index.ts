import type { EmailLocale } from '../../../../shared/email-templates';
import type { DefaultTemplates } from './build';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { it } from './it';

/** What the plugin sends until an admin saves their own version of an email in a language. */
export const DEFAULT_TEMPLATES: Record<EmailLocale, DefaultTemplates> = { en, it, fr, de, es };
