import type { Core } from '@strapi/strapi';

import { requestOrigin } from '../../../server/src/utils/request-origin';

/** Strapi with only its request context: `ctx` is what `requestContext.get()` answers. */
const strapiIn = (ctx: unknown) =>
  ({ requestContext: { get: () => ctx } }) as unknown as Core.Strapi;

describe('requestOrigin', () => {
  test("Given no request, Then the write is the site's own code, trusted", () => {
    expect(requestOrigin(strapiIn(undefined))).toEqual({ kind: 'code' });
  });

  test('Given an admin route, Then the write is by an admin, with their ability', () => {
    const userAbility = { can: () => true };

    expect(
      requestOrigin(strapiIn({ state: { route: { info: { type: 'admin' } }, userAbility } }))
    ).toEqual({ kind: 'admin', userAbility });
  });

  test('Given an admin route without an ability, Then it is by an admin who may do nothing more', () => {
    expect(requestOrigin(strapiIn({ state: { route: { info: { type: 'admin' } } } }))).toEqual({
      kind: 'admin',
      userAbility: null,
    });
  });

  // A site's own Koa middleware runs before routing: its request has no route yet, or no state.
  test.each([
    ['a Content API route', { state: { route: { info: { type: 'content-api' } } } }],
    ['a route without a type', { state: { route: { info: {} } } }],
    ['a route without info', { state: { route: {} } }],
    ['a request not routed yet', { state: {} }],
    ['a request without state', {}],
  ])('Given %s, Then the write comes through the Content API', (_case, ctx) => {
    expect(requestOrigin(strapiIn(ctx))).toEqual({ kind: 'content-api' });
  });
});
