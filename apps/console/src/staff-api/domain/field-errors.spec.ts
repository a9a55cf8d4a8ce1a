import { formProblemsOf } from './field-errors';

describe('formProblemsOf', () => {
  it('puts each message beside the field it starts with, nested paths included', () => {
    const problems = formProblemsOf(
      { statusCode: 400, message: ['name should not be empty', 'contacts.0.email must be an email', 'property x should not exist'] },
      ['name', 'contacts'],
    );
    expect(problems.fields).toEqual({ name: 'name should not be empty', contacts: 'contacts.0.email must be an email' });
    expect(problems.form).toEqual(['property x should not exist']);
  });

  it('never answers with nothing to show', () => {
    expect(formProblemsOf({}, ['name']).form).toEqual(['The request was refused.']);
  });
});
