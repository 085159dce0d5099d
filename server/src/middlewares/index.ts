import redactQuery from './redact-query';

export default { 'redact-query': redactQuery };
