import { defineEmail, type DefaultTemplates } from './build';

const confirmation = [
  'Avant de vous connecter, veuillez confirmer votre adresse e-mail en ouvrant ce lien :',
  '<%= confirmationUrl %>',
  "Le lien ne fonctionne qu'une fois et expire dans <%= expiresIn %>.",
];

export const fr: DefaultTemplates = {
  credentials: defineEmail('Vos identifiants de connexion', [
    ['Bonjour,', 'voici vos identifiants de connexion :'],
    ['E-mail : <%= email %>', 'Mot de passe : <%= password %>'],
    { if: 'loginUrl', then: [['Connectez-vous ici :', '<%= loginUrl %>']] },
    { if: 'confirmationUrl', then: [confirmation] },
    ['Gardez ce mot de passe pour vous. Vous pourrez le modifier une fois connecté.'],
  ]),
  emailConfirmation: defineEmail('Veuillez confirmer votre adresse e-mail', [
    ['Bonjour,', 'un accès a été créé pour vous.'],
    confirmation,
  ]),
  passwordReset: defineEmail('Réinitialisez votre mot de passe', [
    ['Bonjour,', "quelqu'un a demandé la réinitialisation du mot de passe de votre compte."],
    {
      if: 'resetUrl',
      then: [
        [
          'Pour choisir un nouveau mot de passe, ouvrez ce lien :',
          '<%= resetUrl %>',
          "Il ne fonctionne qu'une fois et expire dans <%= expiresIn %>.",
        ],
      ],
      else: [
        [
          'Pour choisir un nouveau mot de passe, utilisez ce code :',
          '<%= code %>',
          "Il ne fonctionne qu'une fois et expire dans <%= expiresIn %>.",
        ],
      ],
    },
    [
      "Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.",
    ],
  ]),
  passwordChanged: defineEmail('Votre mot de passe a été modifié', [
    ['Bonjour,', "le mot de passe de votre compte vient d'être modifié."],
    [
      "Si vous n'êtes pas à l'origine de ce changement, réinitialisez immédiatement votre mot de passe ou contactez-nous.",
    ],
  ]),
  emailChanged: defineEmail('Votre adresse e-mail a été modifiée', [
    ['Bonjour,', "l'adresse e-mail de votre compte a été remplacée par <%= newEmail %>."],
    ["Si vous n'êtes pas à l'origine de ce changement, contactez-nous immédiatement."],
  ]),
};
