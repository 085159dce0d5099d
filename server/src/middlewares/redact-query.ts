import type { Context, Next } from 'koa';

const SECRET_PARAMS = ['confirmation', 'code'];

/**
 * Route middleware for links that carry a token in their query string: once the route has run, it
 * masks the token in `ctx.url`, which Strapi's request logger prints after the response.
 */
export default () => async (ctx: Context, next: Next) => {
  try {
    await next();
  } finally {
    const url = new URL(ctx.url, 'http://localhost');
    const secret = SECRET_PARAMS.filter((name) => url.searchParams.has(name));
    if (secret.length > 0) {
      for (const name of secret) url.searchParams.set(name, '[REDACTED]');
      ctx.url = `${url.pathname}${url.search}`;
    }
  }
};
