import { errors } from '@strapi/utils';

interface Issue {
  path: string[];
  message: string;
}

/** The issues of the ValidationError that `fn` throws; fails the test when it throws none. */
export const validationIssuesOf = (fn: () => unknown): Issue[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(errors.ValidationError);
    return (error as errors.ValidationError<string, { errors: Issue[] }>).details.errors;
  }
  throw new Error('expected a ValidationError');
};

/** Each issue as `path: message`, the path's keys joined with dots. */
export const issuesOf = (fn: () => unknown): string[] =>
  validationIssuesOf(fn).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
