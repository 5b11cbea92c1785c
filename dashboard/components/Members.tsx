/** A site's members and their roles; owners change roles and remove people, others only read. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { type Member, ROLES, type Site } from '../../contract/api.js';
import { canManageMembers, isRole } from '../../contract/permissions.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { useResource } from '../resource.js';
import { Empty, ErrorNotice, Loading } from './States.js';

/** The members table of a site. */
export function Members({ site, meId }: { site: Site; meId: string }): JSX.Element {
  const members = useResource(() => api.members(site.id), site.id);
  const [error, setError] = useState<string | null>(null);
  const manages = canManageMembers(site.role);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await action();
      announce(done);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      // Also after a refusal: a role select must snap back to the role the server kept.
      members.reload();
    }
  };

  if (members.state.status === 'loading') return <Loading label="Loading members…" />;
  if (members.state.status === 'error')
    return <ErrorNotice error={members.state.error} retry={members.reload} />;
  const list: Member[] = members.state.data;
  if (list.length === 0) return <Empty>No members.</Empty>;
  return (
    <>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <table class="members">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            {manages && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {list.map((member) => {
            const who = member.user.name || member.user.email;
            return (
              <tr key={member.user.id}>
                <td>
                  {who}
                  {member.user.name && <span class="hint"> {member.user.email}</span>}
                  {member.user.id === meId && <span class="hint"> (you)</span>}
                </td>
                <td>
                  {manages ? (
                    <select
                      aria-label={`Role of ${who}`}
                      value={member.role}
                      onChange={(event) => {
                        const role = event.currentTarget.value;
                        if (isRole(role))
                          void run(
                            () => api.setMemberRole(site.id, member.user.id, { role }),
                            `${who} is now ${role}.`,
                          );
                      }}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                  ) : (
                    member.role
                  )}
                </td>
                {manages && (
                  <td>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => {
                        if (window.confirm(`Remove ${who} from ${site.name}?`))
                          void run(() => api.removeMember(site.id, member.user.id), `${who} was removed.`);
                      }}
                    >
                      Remove {who}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
