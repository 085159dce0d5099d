import { validateSendCredentialsMany } from '../../../server/src/validation/credentials';
import { issuesOf } from '../../helpers/validation-errors';

describe('validateSendCredentialsMany', () => {
  test('Given distinct document ids, Then they are accepted', () => {
    expect(validateSendCredentialsMany({ documentIds: ['a1', 'b2'] })).toEqual({
      documentIds: ['a1', 'b2'],
    });
  });

  test('Given an id twice, Then the list is refused', () => {
    expect(
      issuesOf(() => validateSendCredentialsMany({ documentIds: ['a1', 'b2', 'a1'] }))
    ).toEqual(['documentIds: documentIds must not repeat an id']);
  });
});
