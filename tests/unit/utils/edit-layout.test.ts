import { arrangeEditLayout } from '../../../server/src/utils/edit-layout';

const field = (name: string, size = 6) => ({ name, size });

describe('arrangeEditLayout', () => {
  test('Given the layout right after the sync, Then the section takes the last row alone', () => {
    const synced = [
      [field('firstName'), field('lastName')],
      [field('email'), field('loginEnabled', 4)],
      [field('password'), field('emailConfirmed', 4)],
    ];

    expect(arrangeEditLayout(synced)).toEqual([
      [field('firstName'), field('lastName')],
      [field('email')],
      [field('password', 12)],
    ]);
  });

  test('Given a layout already arranged, Then it is left as the admin keeps it', () => {
    const arranged = [[field('password', 12)], [field('firstName'), field('email')]];

    expect(arrangeEditLayout(arranged)).toBeNull();
  });

  test('Given a layout without the section, Then the section is added last', () => {
    expect(arrangeEditLayout([[field('email')]])).toEqual([
      [field('email')],
      [field('password', 12)],
    ]);
  });
});
