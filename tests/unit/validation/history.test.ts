import { validateHistoryQuery } from '../../../server/src/validation/history';
import { issuesOf } from '../../helpers/validation-errors';

describe('validateHistoryQuery', () => {
  test('Given no page, Then the first page of ten events is read', () => {
    expect(validateHistoryQuery({})).toEqual({ page: 1, pageSize: 10 });
  });

  test('Given the page and its size as a query string has them, Then they are numbers', () => {
    expect(validateHistoryQuery({ page: '3', pageSize: '25' })).toEqual({ page: 3, pageSize: 25 });
  });

  test('Given the largest page and page size, Then they are accepted', () => {
    expect(validateHistoryQuery({ page: '1000000', pageSize: '100' })).toEqual({
      page: 1_000_000,
      pageSize: 100,
    });
  });

  test.each([
    [{ page: 'two' }, 'page: page must be a whole number'],
    [{ page: '1.5' }, 'page: page must be a whole number'],
    [{ page: '0' }, 'page: page must be at least 1'],
    [{ page: '1000001' }, 'page: page must be at most 1000000'],
    [{ pageSize: 'ten' }, 'pageSize: pageSize must be a whole number'],
    [{ pageSize: '2.5' }, 'pageSize: pageSize must be a whole number'],
    [{ pageSize: '0' }, 'pageSize: pageSize must be at least 1'],
    [{ pageSize: '101' }, 'pageSize: pageSize must be at most 100'],
  ])('Given %j, Then it names the key and why', (query, issue) => {
    expect(issuesOf(() => validateHistoryQuery(query))).toEqual([issue]);
  });

  // A query may carry other keys (Strapi's own, a proxy's): the list reads only these two.
  test('Given other query keys, Then they pass through', () => {
    expect(validateHistoryQuery({ page: '2', locale: 'fr' })).toEqual({
      page: 2,
      pageSize: 10,
      locale: 'fr',
    });
  });
});
