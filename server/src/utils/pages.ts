import escape from 'lodash/escape.js';

/** A small self-contained HTML page for customers who open a link from an email. */
const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>${escape(title)}</h1>${body}</body></html>`;

/**
 * The page a confirmation link opens. Confirming takes the button's POST, so a mail scanner that
 * follows the link confirms nothing. The token goes back only to whoever opened the link.
 */
export const confirmEmailPage = (action: string, token: string) =>
  page(
    'Confirm your email address',
    `<p>Press the button to confirm this address for your account.</p>
<form method="post" action="${escape(action)}">
<input type="hidden" name="confirmation" value="${escape(token)}">
<button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">Confirm my email address</button>
</form>`
  );

export const emailConfirmedPage = (already: boolean) =>
  page(
    already ? 'Your email address is already confirmed' : 'Your email address is confirmed',
    '<p>You can now log in.</p>'
  );
