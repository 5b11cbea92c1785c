import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, errorMessage, setSession, setUnauthenticatedHandler } from '../../dashboard/api.js';
import { fail, installFakeApi, ME, makeSite, ok } from './fake-api.js';

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(null);
  setUnauthenticatedHandler(null);
});

describe('api client', () => {
  it('sends same-origin credentials and the CSRF token on unsafe methods only', async () => {
    const fake = installFakeApi()
      .on('GET /sites', () => ok([]))
      .on('PATCH /reports/:id', () => ok({ updated: 2, action: null }));
    setSession(ME);
    await api.sites();
    expect(await api.setStatus('r1', { status: 'fixed' })).toEqual({ updated: 2, action: null });
    const [get, patch] = fake.calls;
    expect(get?.credentials).toBe('same-origin');
    expect(get?.headers.get('X-CSRF-Token')).toBeNull();
    expect(patch?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(patch?.headers.get('Content-Type')).toBe('application/json');
    expect(patch?.body).toEqual({ status: 'fixed' });
  });

  it('puts filters in the query string and leaves empty ones out', async () => {
    const fake = installFakeApi().on('GET /sites/:id/reports', () => ok({ items: [], nextCursor: null }));
    await api.reports('s 1', { status: 'new', kind: 'typo', q: '', cursor: 'abc', limit: 25 });
    expect(fake.calls[0]?.path).toBe('/sites/s%201/reports');
    expect(Object.fromEntries(fake.calls[0]?.query ?? [])).toEqual({
      status: 'new',
      kind: 'typo',
      cursor: 'abc',
      limit: '25',
    });
  });

  it('turns the one error shape into a typed ApiError with Retry-After', async () => {
    installFakeApi().on('POST /auth/login', () =>
      fail('rate_limited', 'slow down', { 'Retry-After': '120' }),
    );
    const error = await api.login({ email: 'a@b.c', password: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 120, message: 'slow down' });
    expect(errorMessage(error)).toBe('Too many attempts. Try again in 2 minutes.');
  });

  it('maps a body that is not ours to a code for its status', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 503 }));
    await expect(api.sites()).rejects.toMatchObject({ code: 'unavailable', status: 503 });
  });

  it('reports a network failure as unavailable', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.sites()).rejects.toMatchObject({ code: 'unavailable', status: 0 });
  });

  it('calls the unauthenticated handler on 401, except for a failed sign-in', async () => {
    installFakeApi()
      .on('GET /sites', () => fail('unauthenticated'))
      .on('POST /auth/login', () => fail('unauthenticated'));
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    await expect(api.login({ email: 'a@b.c', password: 'x' })).rejects.toBeInstanceOf(ApiError);
    expect(handler).not.toHaveBeenCalled();
    await expect(api.sites()).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('checks each answer against the contract’s schema and refuses one that does not match', async () => {
    installFakeApi()
      .on('GET /sites/:id', () => ok(makeSite('editor', { createdAt: 'yesterday' })))
      .on('GET /me', () => ok({ user: ME.user }))
      .on('GET /sites', () => ok([makeSite('owner')]));
    await expect(api.site('s1')).rejects.toMatchObject({ code: 'internal', status: 200 });
    await expect(api.me()).rejects.toBeInstanceOf(ApiError);
    expect(await api.sites()).toEqual([makeSite('owner')]);
  });

  it('keeps what it knows of an answer with fields it does not know yet', async () => {
    installFakeApi().on('GET /me', () => ok({ ...ME, plan: 'newer server' }));
    expect(await api.me()).toEqual(ME);
  });

  it('takes an error body only in the one error shape, with a known code', async () => {
    installFakeApi()
      .on('GET /sites', () => ({ status: 409, body: { error: { code: 'made_up', message: 'x' } } }))
      .on('GET /me', () => ({
        status: 403,
        body: { error: { code: 'forbidden', message: 'No.', issues: [] } },
      }));
    await expect(api.sites()).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
      message: 'The server answered 409.',
    });
    await expect(api.me()).rejects.toMatchObject({ code: 'forbidden', message: 'No.' });
  });

  it('resolves 204 answers without reading a body', async () => {
    installFakeApi().on('DELETE /tokens/:id', () => ({ status: 204 }));
    await expect(api.revokeToken('t1')).resolves.toBeUndefined();
  });
});
