import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from '../../server/config.js';

/** The message of the ConfigError `env` raises (fails the test if it raises none). */
function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('loadConfig', () => {
  it('starts with the documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: '0.0.0.0',
      databaseUrl: null,
      dataDir: './data',
      publicUrl: null,
      logLevel: 'info',
      trustProxy: false,
      smtpUrl: null,
      mailFrom: null,
      telegramApiUrl: 'https://api.telegram.org',
      githubApiUrl: 'https://api.github.com',
      fetchAllowPrivate: false,
      metricsToken: null,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://app:pw@db.internal:5432/misprint',
      DATA_DIR: '/var/lib/misprint',
      PUBLIC_URL: 'https://typos.example.com/',
      LOG_LEVEL: 'debug',
      TRUST_PROXY: 'true',
      SMTP_URL: 'smtps://mailer:secret@mail.example:465',
      MAIL_FROM: 'Typos <typos@news.example>',
      TELEGRAM_API_URL: 'http://127.0.0.1:9001/',
      GITHUB_API_URL: 'https://github.example/api/v3',
      FETCH_ALLOW_PRIVATE: 'yes',
      METRICS_TOKEN: 'scrape-me',
    });
    expect(config).toEqual({
      port: 9000,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://app:pw@db.internal:5432/misprint',
      dataDir: '/var/lib/misprint',
      publicUrl: 'https://typos.example.com',
      logLevel: 'debug',
      trustProxy: true,
      smtpUrl: 'smtps://mailer:secret@mail.example:465',
      mailFrom: 'Typos <typos@news.example>',
      telegramApiUrl: 'http://127.0.0.1:9001',
      githubApiUrl: 'https://github.example/api/v3',
      fetchAllowPrivate: true,
      metricsToken: 'scrape-me',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats an empty variable as unset, as a compose file passes unset ones', () => {
    expect(
      loadConfig({
        PORT: '',
        HOST: '',
        DATA_DIR: ' ',
        LOG_LEVEL: '',
        DATABASE_URL: '',
        PUBLIC_URL: '',
        SMTP_URL: '',
        MAIL_FROM: '',
        TELEGRAM_API_URL: '',
        GITHUB_API_URL: '',
        FETCH_ALLOW_PRIVATE: '',
        METRICS_TOKEN: '',
      }),
    ).toEqual(loadConfig({}));
  });

  it.each([
    ['PORT', 'abc', 'invalid PORT: must be a number (got "abc")'],
    ['PORT', '1.5', 'invalid PORT: must be a whole number (got "1.5")'],
    ['PORT', '-1', 'invalid PORT: must be 0–65535 (got "-1")'],
    ['PORT', '65536', 'invalid PORT: must be 0–65535 (got "65536")'],
    [
      'DATABASE_URL',
      'mysql://db/misprint',
      'invalid DATABASE_URL: must be a postgres:// or postgresql:// URL',
    ],
    ['DATABASE_URL', 'postgres://db /x', 'invalid DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    ['PUBLIC_URL', 'typos.example.com', 'invalid PUBLIC_URL: must be an http(s) URL'],
    ['PUBLIC_URL', 'ftp://typos.example.com', 'invalid PUBLIC_URL: must be an http(s) URL'],
    ['LOG_LEVEL', 'loud', 'invalid LOG_LEVEL: must be one of debug, info, warn, error, silent (got "loud")'],
    ['TRUST_PROXY', 'maybe', 'invalid TRUST_PROXY: must be one of 1, 0, true, false, yes, no (got "maybe")'],
    ['SMTP_URL', 'mail.example:587', 'invalid SMTP_URL: must be an smtp:// or smtps:// URL'],
    ['MAIL_FROM', 'Misprint', 'invalid MAIL_FROM: must be an address'],
    ['TELEGRAM_API_URL', 'api.telegram.org', 'invalid TELEGRAM_API_URL: must be an http(s) URL'],
    ['GITHUB_API_URL', 'file:///etc', 'invalid GITHUB_API_URL: must be an http(s) URL'],
    ['FETCH_ALLOW_PRIVATE', 'sure', 'invalid FETCH_ALLOW_PRIVATE: must be one of'],
    ['METRICS_TOKEN', 'two words', 'invalid METRICS_TOKEN: must not contain whitespace'],
  ])('rejects %s=%j with one line naming the variable', (name, value, expected) => {
    const message = configError({ [name]: value });
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('never repeats a database password in its message', () => {
    const message = configError({ DATABASE_URL: 'postgres://app:hunter22@db/x y' });
    expect(message).toContain('invalid DATABASE_URL');
    expect(message).not.toContain('hunter22');
  });

  it('masks a password given as a URL parameter, as it masks user:pass@', () => {
    for (const url of [
      'postgres://app@db.example/misprint?password=hunter22',
      'postgresql://db.example/misprint?sslmode=require&sslpassword=hunter22&PASSWORD=hunter22',
      'postgres://app:hunter22@db.example/misprint?password=hunter22',
    ]) {
      expect(redactUrl(url)).not.toContain('hunter22');
      expect(redactUrl(url)).toContain('db.example/misprint');
    }
  });

  it('never repeats an SMTP password or the metrics token in its message', () => {
    expect(configError({ SMTP_URL: 'ftp://mailer:hunter22@mail.example' })).not.toContain('hunter22');
    expect(configError({ METRICS_TOKEN: 'hunter22 x' })).not.toContain('hunter22');
  });

  it('names the first bad variable when several are wrong', () => {
    expect(configError({ PORT: 'x', LOG_LEVEL: 'loud' })).toMatch(/^invalid PORT:/);
  });
});
