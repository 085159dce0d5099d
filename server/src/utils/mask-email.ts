/**
 * An address as logs and notices may show it: the first character of the local part, then
 * `***`, then the domain (`jane.doe@shop.test` → `j***@shop.test`). Enough for an admin or the
 * customer to recognise it, too little to write to it. Anything that is not an address becomes
 * `***`, so a malformed value is never printed either.
 */
export const maskEmail = (address: string): string => {
  const trimmed = address.trim();
  // Quoted local parts may hold "@", the domain never does.
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  if (at <= 0 || domain === '' || /\s/.test(trimmed)) return '***';
  // Whole code points, so an address starting with an emoji or accented letter is not split.
  const first = Array.from(local)[0] ?? '';
  return `${first}***@${domain}`;
};
