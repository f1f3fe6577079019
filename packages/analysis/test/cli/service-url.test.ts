/**
 * Where the commands that read a running service (`report`, `slo status`, `anomalies`,
 * `trends`, `forecasts`) send their request: `--url` when given (a bare host:port gets
 * `http://`), else the configured API endpoint; a `--url` that is no URL is a clear error.
 */
import { describe, expect, it } from 'vitest';
import { serviceUrl } from '../../src/cli/service-get.js';
import { parse } from '../config/helpers.js';

describe('service URL of the CLI', () => {
  const config = parse('api:\n  endpoint: 127.0.0.1:9191\n');

  it('uses the configured endpoint without --url, and --url with or without a scheme', () => {
    expect(serviceUrl(undefined, config, '/api/v1/slos')).toEqual({
      ok: true,
      value: new URL('http://127.0.0.1:9191/api/v1/slos'),
    });
    const bare = serviceUrl('monitor.example:8080', config, '/report');
    expect(bare.ok && bare.value.href).toBe('http://monitor.example:8080/report');
    const https = serviceUrl('https://monitor.example/base/', config, '/report');
    expect(https.ok && https.value.href).toBe('https://monitor.example/report');
  });

  it('names a --url that makes no URL', () => {
    expect(serviceUrl('http://[::1', config, '/report')).toEqual({
      ok: false,
      error: '--url: not a URL: http://[::1',
    });
  });
});
