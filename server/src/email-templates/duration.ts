import type { EmailLocale } from '../../../shared/email-templates';

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
] as const;

/**
 * A lifetime in words in the email's language ("3 days", "3 giorni", "3 Tage"): the largest whole
 * unit, rounded, as `ms(value, { long: true })` picks it, so every language rounds as `ms` does.
 */
export const formatDuration = (milliseconds: number, locale: EmailLocale): string => {
  const [unit, size] = UNITS.find(([, size]) => milliseconds >= size) ?? UNITS[3];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(
    Math.round(milliseconds / size)
  );
};
