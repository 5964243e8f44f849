import { describe, expect, it } from 'vitest';
import { historyFailure } from './historyApi.js';

describe('history answers in the trend’s terms', () => {
  it('a core without a historian (404) is "off", with the core’s code', () => {
    expect(historyFailure(404, { problem: { code: 'ST_ERR_HTTP_NOT_FOUND', message: 'this core keeps no history' } })).toEqual({ failure: 'off', code: 'ST_ERR_HTTP_NOT_FOUND' });
  });

  it('a role not allowed is "forbidden"; a failed query keeps its code; an uncoded failure is coded by its status', () => {
    expect(historyFailure(403, { problem: { code: 'ST_ERR_AUTH_FORBIDDEN' } })).toEqual({ failure: 'forbidden', code: 'ST_ERR_AUTH_FORBIDDEN' });
    expect(historyFailure(400, { problem: { code: 'ST_ERR_HISTORIAN_QUERY_TOO_LARGE' } })).toEqual({ failure: 'failed', code: 'ST_ERR_HISTORIAN_QUERY_TOO_LARGE' });
    expect(historyFailure(502, '<html>bad gateway</html>')).toEqual({ failure: 'failed', code: 'ST_ERR_HTTP_502' });
    // A code that is not one (a path, free text) is never shown as one.
    expect(historyFailure(500, { problem: { code: '/var/lib/safetwin/historian.sqlite' } })).toEqual({ failure: 'failed', code: 'ST_ERR_HTTP_500' });
  });
});
