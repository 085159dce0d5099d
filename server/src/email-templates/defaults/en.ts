import { defineEmail, type DefaultTemplates } from './build';

const confirmation = [
  'Before you can log in, please confirm your email address by opening this link:',
  '<%= confirmationUrl %>',
  'The link works once and expires in <%= expiresIn %>.',
];

export const en: DefaultTemplates = {
  credentials: defineEmail('Your login details', [
    ['Hello,', 'here are your login details:'],
    ['Email: <%= email %>', 'Password: <%= password %>'],
    { if: 'loginUrl', then: [['Log in at:', '<%= loginUrl %>']] },
    { if: 'confirmationUrl', then: [confirmation] },
    ['Please keep this password to yourself. You can change it after you log in.'],
  ]),
  emailConfirmation: defineEmail('Please confirm your email address', [
    ['Hello,', 'a login has been set up for you.'],
    confirmation,
  ]),
  passwordReset: defineEmail('Reset your password', [
    ['Hello,', 'someone asked to reset the password of your account.'],
    {
      if: 'resetUrl',
      then: [
        [
          'To choose a new password, open this link:',
          '<%= resetUrl %>',
          'It works once and expires in <%= expiresIn %>.',
        ],
      ],
      else: [
        [
          'To choose a new password, use this code:',
          '<%= code %>',
          'It works once and expires in <%= expiresIn %>.',
        ],
      ],
    },
    ['If you did not ask for this, ignore this email: your password stays as it is.'],
  ]),
  passwordChanged: defineEmail('Your password was changed', [
    ['Hello,', 'the password of your account was just changed.'],
    ['If you did not do this, reset your password at once or contact us.'],
  ]),
  emailChanged: defineEmail('Your email address was changed', [
    ['Hello,', 'the email address of your account was changed to <%= newEmail %>.'],
    ['If you did not ask for this, contact us at once.'],
  ]),
};
