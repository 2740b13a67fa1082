import { describe, expect, it } from 'vitest';
import { apiExposureProblem, isLoopbackHost, loadConfig, masterKeyProblem } from './index';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['0.0.0.0', '::', '[::]', '10.0.0.5', '192.168.1.2', 'api.example.com', '127.0.0.1.example.com'])(
    '%s is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe('apiExposureProblem', () => {
  it('lets the API listen on loopback without ADMIN_TOKEN: the default', () => {
    expect(apiExposureProblem(loadConfig({}))).toBeUndefined();
    expect(apiExposureProblem(loadConfig({ API_HOST: 'localhost' }))).toBeUndefined();
  });

  it('refuses any other interface without ADMIN_TOKEN, saying what to do', () => {
    for (const API_HOST of ['0.0.0.0', '::', '10.0.0.5']) {
      const problem = apiExposureProblem(loadConfig({ API_HOST }));
      expect(problem, API_HOST).toContain(`API_HOST=${API_HOST}`);
      expect(problem, API_HOST).toContain('set ADMIN_TOKEN');
    }
    // An empty token is no token.
    expect(apiExposureProblem(loadConfig({ API_HOST: '0.0.0.0', ADMIN_TOKEN: ' ' }))).toBeDefined();
  });

  it('lets the API listen anywhere once ADMIN_TOKEN guards it', () => {
    expect(apiExposureProblem(loadConfig({ API_HOST: '0.0.0.0', ADMIN_TOKEN: 'sekrit' }))).toBeUndefined();
  });
});

describe('masterKeyProblem', () => {
  it('keeps the master key from the services that only read Meilisearch, naming the key they take instead', () => {
    expect(masterKeyProblem(loadConfig({ MEILI_SEARCH_KEY: 'search-key' }), 'matcher')).toBeUndefined();
    expect(masterKeyProblem(loadConfig({ MEILI_MASTER_KEY: 'master-key-0123456789' }), 'matcher')).toBe(
      'MEILI_MASTER_KEY must not reach the matcher; give it MEILI_SEARCH_KEY (the indexer creates that key, see .env.example)',
    );
  });
});
