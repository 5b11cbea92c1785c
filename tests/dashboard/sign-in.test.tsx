import { screen, waitFor } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, installFakeApi, ME, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

describe('sign in', () => {
  it('shows the sign-in form, labelled Email and Password, when there is no session', async () => {
    installFakeApi().on('GET /me', () => fail('unauthenticated'));
    renderAt('/');
    expect(await screen.findByLabelText('Email')).toHaveProperty('type', 'email');
    expect(screen.getByLabelText('Password')).toHaveProperty('type', 'password');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('signs in, then shows the sites and sends the CSRF token afterwards', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => fail('unauthenticated'))
      .on('POST /auth/login', () => ok(ME))
      .on('GET /sites', () => ok([]))
      .on('POST /auth/logout', () => ({ status: 204 }));
    renderAt('/');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ed@news.example');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/No sites yet/)).toBeTruthy();
    expect(fake.callsTo('POST /auth/login')[0]?.body).toEqual({
      email: 'ed@news.example',
      password: 'correct horse',
    });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(fake.callsTo('POST /auth/logout')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('says so when the email or password is wrong', async () => {
    installFakeApi()
      .on('GET /me', () => fail('unauthenticated'))
      .on('POST /auth/login', () => fail('unauthenticated', 'Wrong email or password.'));
    renderAt('/');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ed@news.example');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
  });

  it('explains a 429: too many attempts, and when to try again', async () => {
    installFakeApi()
      .on('GET /me', () => fail('unauthenticated'))
      .on('POST /auth/login', () =>
        fail('rate_limited', 'Too many sign-in attempts.', { 'Retry-After': '600' }),
      );
    renderAt('/');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ed@news.example');
    await user.type(screen.getByLabelText('Password'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Too many sign-in attempts/);
    expect(alert.textContent).toMatch(/try again in 10 minutes/);
  });

  it('accepts an invitation by link, creating the account', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => fail('unauthenticated'))
      .on('GET /invitations/:token', () =>
        ok({ siteName: 'Daily News', role: 'editor', expiresAt: '2030-01-01T00:00:00Z' }),
      )
      .on('POST /invitations/:token/accept', () => ok(ME))
      .on('GET /sites', () => ok([]));
    renderAt('/invite/tok-1');
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'Join Daily News' })).toBeTruthy();
    await user.type(screen.getByLabelText('Email'), 'new@news.example');
    await user.type(screen.getByLabelText('Password'), 'a long passphrase');
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
    await waitFor(() => expect(location.pathname).toBe('/app/'));
    expect(fake.callsTo('POST /invitations/:token/accept')[0]).toMatchObject({
      path: '/invitations/tok-1/accept',
      body: { email: 'new@news.example', password: 'a long passphrase' },
    });
  });
});
