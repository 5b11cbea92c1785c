import { screen, waitFor } from '@testing-library/preact';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, installFakeApi, ME, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

describe('the Account page', () => {
  it('changes the password, showing what the server says about the new one', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('POST /me/password', (call) =>
        (call.body as { password: string }).password === 'password123'
          ? {
              status: 400,
              body: {
                error: {
                  code: 'invalid_request',
                  message: 'Invalid request body.',
                  issues: [
                    { path: 'password', message: 'is one of the most common passwords; choose another' },
                  ],
                },
              },
            }
          : { status: 204 },
      );
    renderAt('/account');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'the old one');
    await user.type(screen.getByLabelText('New password'), 'password123');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(
      await screen.findByText('The new password is one of the most common passwords; choose another.'),
    ).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'a much better one');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await screen.findByText('Password changed. Every other session has been signed out.');
    expect(fake.callsTo('POST /me/password').map((c) => c.body)).toEqual([
      { current: 'the old one', password: 'password123' },
      { current: 'the old one', password: 'a much better one' },
    ]);
    expect(fake.callsTo('POST /me/password')[1]?.headers.get('X-CSRF-Token')).toBe(ME.csrfToken);
  });

  it('says so when the current password is wrong', async () => {
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('POST /me/password', () => fail('forbidden', 'The current password is wrong.'));
    renderAt('/account');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'not it');
    await user.type(screen.getByLabelText('New password'), 'a much better one');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The current password is wrong.');
  });

  it('signs out everywhere and shows the sign-in form', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('POST /auth/logout-all', () => ({ status: 204 }));
    renderAt('/account');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    await screen.findByRole('heading', { name: 'Sign in to Misprint' });
    expect(fake.callsTo('POST /auth/logout-all')).toHaveLength(1);
  });
});

describe('resetting a forgotten password', () => {
  it('asks for a link from the sign-in page and says the same whatever the address', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => fail('unauthenticated'))
      .on('POST /auth/reset', () => ({ status: 202 }));
    renderAt('/');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Forgot your password?' }));
    await user.type(await screen.findByLabelText('Email'), ' ed@news.example ');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    const said = await screen.findByText(/a link to choose a new password is on its way/);
    expect(said.textContent).toContain('If ed@news.example has a Misprint account');
    expect(fake.callsTo('POST /auth/reset')[0]?.body).toEqual({ email: 'ed@news.example' });
  });

  it('sets the new password with the link', async () => {
    const fake = installFakeApi()
      .on('GET /me', () => fail('unauthenticated'))
      .on('POST /auth/reset/:token', () => ({ status: 204 }));
    renderAt('/reset/abc-123');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), 'remembered at last');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    await screen.findByText(/Your password was changed and every session signed out/);
    expect(fake.callsTo('POST /auth/reset/:token')[0]?.path).toBe('/auth/reset/abc-123');
    expect(fake.callsTo('POST /auth/reset/:token')[0]?.body).toEqual({ password: 'remembered at last' });
  });

  it('says a spent link is spent, with a way to ask again', async () => {
    installFakeApi()
      .on('GET /me', () => fail('unauthenticated'))
      .on('POST /auth/reset/:token', () => fail('not_found', 'gone'));
    renderAt('/reset/abc-123');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), 'remembered at last');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Ask for a new one' })).toBeTruthy());
  });
});
