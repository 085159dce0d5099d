import {
  checkEmailTemplate,
  compileTemplate,
  TemplateError,
} from '../../../server/src/email-templates/render';

const VARIABLES = ['customer.firstName', 'password', 'loginUrl', 'confirmationUrl'];

const render = (source: string, values: Record<string, string>, html = false) =>
  compileTemplate(source, VARIABLES).render(values, { html });

const problemOf = (source: string) => {
  try {
    compileTemplate(source, VARIABLES);
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
  return null;
};

describe('compileTemplate: variables', () => {
  test('Given a known variable, When rendered, Then its value takes its place', () => {
    expect(
      render('Hi <%= customer.firstName %>, <%=password%>!', {
        'customer.firstName': 'Ada',
        password: 'pw',
      })
    ).toBe('Hi Ada, pw!');
  });

  test('Given a variable without a value, When rendered, Then it is empty', () => {
    expect(render('[<%= loginUrl %>]', {})).toBe('[]');
  });

  test('Given HTML mode, When a value holds markup, Then it is escaped', () => {
    const values = { 'customer.firstName': `<script>alert("x")</script> & 'co'` };
    expect(render('<p><%= customer.firstName %></p>', values, true)).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>'
    );
  });

  test('Given text mode, When a value holds markup, Then it is kept as it is', () => {
    expect(render('<%= customer.firstName %>', { 'customer.firstName': '<b>Ada</b>' })).toBe(
      '<b>Ada</b>'
    );
  });

  test('Given template text with markup, When rendered in HTML mode, Then the text is not touched', () => {
    expect(render('<b>Hi</b> ${password} <%= password %>', { password: 'a<b' }, true)).toBe(
      '<b>Hi</b> ${password} a&lt;b'
    );
  });

  test('Given a value that looks like a tag, When rendered, Then it is not interpreted', () => {
    expect(render('<%= customer.firstName %>', { 'customer.firstName': '<%= password %>' })).toBe(
      '<%= password %>'
    );
  });

  test('Given a name inherited from Object, When rendered, Then it is never looked up', () => {
    expect(() => compileTemplate('<%= constructor %>', VARIABLES)).toThrow(TemplateError);
    expect(
      compileTemplate('<%= toString %>', ['toString']).render(Object.create({ toString: 'x' }))
    ).toBe('');
  });
});

describe('compileTemplate: refused templates', () => {
  test.each([
    [
      '<%= customer.fullName %>',
      /Line 1: unknown variable "customer\.fullName"\. This email offers "customer\.firstName", "password"/,
    ],
    ['a\nb <%= customerXfirstName %>', /Line 2: unknown variable "customerXfirstName"/],
    ['<%= password.constructor %>', /unknown variable "password\.constructor"/],
    ['<%= process.exit() %>', /"<%= process\.exit\(\) %>" is not a variable/],
    ['<% process.exit() %>', /"<% process\.exit\(\) %>" is not allowed\. Templates take/],
    ['<%- password %>', /is not allowed/],
    ['<% if (password) { %>x<% } %>', /is not allowed/],
    ['Hello <%= password', /Line 1: "<%" is never closed with "%>"/],
    ['<% if password %>x', /"<% if password %>" is never closed with "<% end %>"/],
    ['x<% end %>', /"<% end %>" without an "<% if name %>"/],
    ['x<% else %>', /"<% else %>" without an "<% if name %>"/],
    ['<% if password %>a<% else %>b<% else %>c<% end %>', /a second "<% else %>"/],
    ['<% if nothing %>a<% end %>', /unknown variable "nothing"/],
    ['<%= 1 + 1 %>', /"<%= 1 \+ 1 %>" is not a variable/],
    [
      '<% if password %>a<% else if loginUrl %>b<% end %>',
      /"<% else if loginUrl %>" is not allowed/,
    ],
    ['<% if password %>a<% end password %>', /"<% end password %>" is not allowed/],
  ])('Given %j, When compiled, Then it is refused: %s', (source, message) => {
    expect(problemOf(source)).toMatch(message);
  });

  test('Given a refused template, Then its error says it is a template error', () => {
    expect(() => compileTemplate('<%= nope %>', VARIABLES)).toThrow(
      expect.objectContaining({ name: 'TemplateError', line: 1 })
    );
  });

  test('Given control tags with more spaces inside, Then they are read all the same', () => {
    expect(render('<%  if   loginUrl  %>in<%   else %>out<% end   %>', { loginUrl: 'u' })).toBe(
      'in'
    );
  });
});

describe('compileTemplate: conditionals', () => {
  const source = '<% if loginUrl %>Log in at <%= loginUrl %><% else %>No login page<% end %>.';

  test('Given a value, Then the if branch shows', () => {
    expect(render(source, { loginUrl: 'https://x' })).toBe('Log in at https://x.');
  });

  test('Given an empty value, Then the else branch shows', () => {
    expect(render(source, { loginUrl: '' })).toBe('No login page.');
  });

  test('Given nested conditionals, Then each is decided by its own variable', () => {
    const nested = '<% if loginUrl %>L<% if password %>P<% end %><% end %>';
    expect(render(nested, { loginUrl: 'u', password: 'p' })).toBe('LP');
    expect(render(nested, { loginUrl: 'u' })).toBe('L');
    expect(render(nested, { password: 'p' })).toBe('');
  });

  test('Given control tags alone on their lines, Then their lines leave no trace', () => {
    const text = [
      'Hello',
      '<% if loginUrl %>',
      'Log in at:',
      '  <% else %>  ',
      'No page',
      '<% end %>',
      'Bye',
    ].join('\n');
    expect(render(text, { loginUrl: 'u' })).toBe('Hello\nLog in at:\nBye');
    expect(render(text, {})).toBe('Hello\nNo page\nBye');
  });

  test('Given CRLF line ends, Then standalone tags take their CRLF too', () => {
    expect(render('a\r\n<% if loginUrl %>\r\nb\r\n<% end %>\r\nc', {})).toBe('a\r\nc');
  });

  test('Given a control tag inside a line, Then the line keeps its text', () => {
    expect(render('a <% if loginUrl %>b<% end %> c\nd', {})).toBe('a  c\nd');
  });

  test('Given a template that starts and ends with control tags on their lines, Then no line is left', () => {
    const text = '<% if loginUrl %>\nLog in\n  <% end %>';
    expect(render(text, { loginUrl: 'u' })).toBe('Log in\n');
    expect(render(`${text}  `, {})).toBe('');
  });

  test('Given a control tag with text on one side only, Then its line keeps its spaces and break', () => {
    const text = 'a\n  <% if loginUrl %>b<% end %>  \nc';
    expect(render(text, {})).toBe('a\n    \nc');
  });

  test('Given control tags beside a variable, Then their line is not theirs alone and stays', () => {
    const text = 'a\n  <% if loginUrl %><%= password %><% end %>\nb';
    expect(render(text, { loginUrl: 'u', password: 'p' })).toBe('a\n  p\nb');
  });
});

describe('checkEmailTemplate', () => {
  const template = {
    subject: 'Hello <%= customer.firstName %>',
    html: '<p><%= customer.firstName %></p>',
    text: '<%= customer.firstName %>',
  };

  test('Given a hostile value with line breaks, When rendered, Then the subject stays one line', () => {
    const checked = checkEmailTemplate(template, VARIABLES);
    const rendered = checked.email!.render({
      'customer.firstName': 'Eve\r\nBcc: victim@example.com\n\u2028x',
    });
    expect(rendered.subject).toBe('Hello Eve Bcc: victim@example.com x');
    expect(rendered.text).toBe('Eve\r\nBcc: victim@example.com\n\u2028x');
  });

  test('Given a value ending in a line break, When rendered, Then the subject does not end in a space', () => {
    const rendered = checkEmailTemplate(template, VARIABLES).email!.render({
      'customer.firstName': 'Eve\n',
    });
    expect(rendered.subject).toBe('Hello Eve');
  });

  test('Given a value with markup, When rendered, Then only the HTML body escapes it', () => {
    const rendered = checkEmailTemplate(template, VARIABLES).email!.render({
      'customer.firstName': '<b>Eve</b>',
    });
    expect(rendered).toEqual({
      subject: 'Hello <b>Eve</b>',
      html: '<p>&lt;b&gt;Eve&lt;/b&gt;</p>',
      text: '<b>Eve</b>',
    });
  });

  test('Given a subject template with a line break, Then it is refused', () => {
    const checked = checkEmailTemplate({ ...template, subject: 'Hello\r\nBcc: x@y.z' }, VARIABLES);
    expect(checked.email).toBeNull();
    expect(checked.problems).toEqual([
      {
        part: 'subject',
        message: 'Line 1: the subject must be one line: remove its line break.',
        line: 1,
      },
    ]);
  });

  test('Given several broken parts, Then each part has its problem', () => {
    const checked = checkEmailTemplate(
      { subject: 'x\ny', html: '<%= nope %>', text: 'fine' },
      VARIABLES
    );
    expect(checked.problems.map((problem) => problem.part)).toEqual(['subject', 'html']);
  });
});
