import { defineEmail, type DefaultTemplates } from './build';

const confirmation = [
  'Bitte bestätigen Sie vor der ersten Anmeldung Ihre E-Mail-Adresse über diesen Link:',
  '<%= confirmationUrl %>',
  'Der Link funktioniert einmal und ist <%= expiresIn %> gültig.',
];

export const de: DefaultTemplates = {
  credentials: defineEmail('Ihre Zugangsdaten', [
    ['Guten Tag,', 'hier sind Ihre Zugangsdaten:'],
    ['E-Mail: <%= email %>', 'Passwort: <%= password %>'],
    { if: 'loginUrl', then: [['Hier melden Sie sich an:', '<%= loginUrl %>']] },
    { if: 'confirmationUrl', then: [confirmation] },
    ['Bitte geben Sie dieses Passwort nicht weiter. Sie können es nach der Anmeldung ändern.'],
  ]),
  emailConfirmation: defineEmail('Bitte bestätigen Sie Ihre E-Mail-Adresse', [
    ['Guten Tag,', 'für Sie wurde ein Zugang eingerichtet.'],
    confirmation,
  ]),
  passwordReset: defineEmail('Setzen Sie Ihr Passwort zurück', [
    ['Guten Tag,', 'jemand hat angefordert, das Passwort Ihres Kontos zurückzusetzen.'],
    {
      if: 'resetUrl',
      then: [
        [
          'Um ein neues Passwort zu wählen, öffnen Sie diesen Link:',
          '<%= resetUrl %>',
          'Er funktioniert einmal und ist <%= expiresIn %> gültig.',
        ],
      ],
      else: [
        [
          'Um ein neues Passwort zu wählen, verwenden Sie diesen Code:',
          '<%= code %>',
          'Er funktioniert einmal und ist <%= expiresIn %> gültig.',
        ],
      ],
    },
    [
      'Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
    ],
  ]),
  passwordChanged: defineEmail('Ihr Passwort wurde geändert', [
    ['Guten Tag,', 'das Passwort Ihres Kontos wurde soeben geändert.'],
    ['Falls Sie das nicht waren, setzen Sie Ihr Passwort sofort zurück oder kontaktieren Sie uns.'],
  ]),
  emailChanged: defineEmail('Ihre E-Mail-Adresse wurde geändert', [
    ['Guten Tag,', 'die E-Mail-Adresse Ihres Kontos wurde in <%= newEmail %> geändert.'],
    ['Falls Sie das nicht veranlasst haben, kontaktieren Sie uns bitte umgehend.'],
  ]),
};
