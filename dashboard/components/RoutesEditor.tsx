/**
 * A site's routing rules as a table (author and/or section → an owner or editor; the first match
 * wins), with "test a rule against an example" answered by the server's own matcher.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import {
  ROUTES_MAX,
  type RouteRule,
  type RouteTestResult,
  type Site,
  type User,
} from '../../contract/api.js';
import { canBeAssigned, canManageSite, canTriage } from '../../contract/permissions.js';
import { LIMITS } from '../../contract/report.js';
import { announce } from '../announce.js';
import { ApiError, api, errorMessage } from '../api.js';
import { useResource } from '../resource.js';

/** A rule as the form holds it: empty strings for empty cells. */
interface Row {
  author: string;
  section: string;
  assignee: string;
}

function toRow(rule: RouteRule): Row {
  return { author: rule.author ?? '', section: rule.section ?? '', assignee: rule.assignee };
}

function toRule(row: Row): RouteRule {
  return {
    ...(row.author.trim() ? { author: row.author.trim() } : {}),
    ...(row.section.trim() ? { section: row.section.trim() } : {}),
    assignee: row.assignee,
  };
}

function personName(user: User): string {
  return user.name || user.email;
}

/** The rules of `site`; owners edit and save them, owners and editors test them. */
export function RoutesEditor({ site, onSaved }: { site: Site; onSaved: (site: Site) => void }): JSX.Element {
  const editable = canManageSite(site.role);
  const people = useResource<User[]>(
    () =>
      api.members(site.id).then((members) => members.filter((m) => canBeAssigned(m.role)).map((m) => m.user)),
    site.id,
  );
  const [rows, setRows] = useState<Row[]>(site.settings.routes.map(toRow));
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<readonly string[]>([]);
  const [saving, setSaving] = useState(false);
  const [example, setExample] = useState({ author: '', section: '' });
  const [tested, setTested] = useState<RouteTestResult | null>(null);
  const list = people.state.status === 'ready' ? people.state.data : [];
  const nameOf = (id: string) => {
    const person = list.find((p) => p.id === id);
    return person ? personName(person) : 'someone who is no longer an editor';
  };

  const change = (index: number, patch: Partial<Row>) =>
    setRows((prev) => prev.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) =>
    setRows((prev) => {
      const next = [...prev];
      const [row] = next.splice(index, 1);
      if (row) next.splice(index + by, 0, row);
      return next;
    });
  const failed = (failure: unknown) => {
    setError(errorMessage(failure));
    setIssues(failure instanceof ApiError ? failure.issues.map((i) => `${i.path}: ${i.message}`) : []);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setIssues([]);
    setSaving(true);
    try {
      const saved = await api.updateSite(site.id, { settings: { routes: rows.map(toRule) } });
      onSaved(saved);
      announce('Routing rules saved.');
    } catch (failure) {
      failed(failure);
    } finally {
      setSaving(false);
    }
  };

  const test = async () => {
    setError(null);
    setIssues([]);
    try {
      setTested(
        await api.testRoutes(site.id, {
          author: example.author.trim() || undefined,
          section: example.section.trim() || undefined,
          routes: rows.map(toRule),
        }),
      );
    } catch (failure) {
      setTested(null);
      failed(failure);
    }
  };

  const cell = (index: number, field: 'author' | 'section', label: string) =>
    editable ? (
      <input
        aria-label={`${label} of rule ${index + 1}`}
        value={rows[index]?.[field] ?? ''}
        maxLength={LIMITS.pageFieldMax}
        onInput={(event) => change(index, { [field]: event.currentTarget.value })}
      />
    ) : (
      rows[index]?.[field] || '—'
    );

  return (
    <form class="routes" onSubmit={save}>
      <p class="hint">
        A new report goes to the first rule whose author and/or section equal the page’s (ignoring case and
        spaces at the ends). Rules name owners and editors.
      </p>
      {rows.length === 0 ? (
        <p>No rules: new reports are assigned to nobody.</p>
      ) : (
        <table class="members">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Author</th>
              <th scope="col">Section</th>
              <th scope="col">Assign to</th>
              {editable && <th scope="col">Order</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <td>{index + 1}</td>
                <td>{cell(index, 'author', 'Author')}</td>
                <td>{cell(index, 'section', 'Section')}</td>
                <td>
                  {editable ? (
                    <select
                      aria-label={`Member of rule ${index + 1}`}
                      value={row.assignee}
                      onChange={(event) => change(index, { assignee: event.currentTarget.value })}
                    >
                      {!list.some((p) => p.id === row.assignee) && (
                        <option value={row.assignee}>
                          {row.assignee ? nameOf(row.assignee) : 'Choose…'}
                        </option>
                      )}
                      {list.map((person) => (
                        <option key={person.id} value={person.id}>
                          {personName(person)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    nameOf(row.assignee)
                  )}
                </td>
                {editable && (
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      Up
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      disabled={index === rows.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      Down
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => setRows((prev) => prev.filter((_, i) => i !== index))}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable && (
        <p class="actions">
          <button
            type="button"
            class="secondary"
            disabled={rows.length >= ROUTES_MAX}
            onClick={() =>
              setRows((prev) => [...prev, { author: '', section: '', assignee: list[0]?.id ?? '' }])
            }
          >
            Add rule
          </button>
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save rules'}
          </button>
        </p>
      )}
      {canTriage(site.role) && (
        <fieldset>
          <legend>Test the rules against an example page</legend>
          <div class="inline-form">
            <label>
              Page author
              <input
                value={example.author}
                onInput={(e) => setExample({ ...example, author: e.currentTarget.value })}
              />
            </label>
            <label>
              Page section
              <input
                value={example.section}
                onInput={(e) => setExample({ ...example, section: e.currentTarget.value })}
              />
            </label>
            <button type="button" onClick={() => void test()}>
              Test
            </button>
          </div>
          {tested && (
            <p role="status" class="route-result">
              {tested.rule === null || !tested.assignee
                ? 'No rule matches: the report would be assigned to nobody.'
                : `Rule ${tested.rule + 1} matches: the report would be assigned to ${personName(tested.assignee)}.`}
            </p>
          )}
        </fieldset>
      )}
      {error && (
        <div role="alert" class="error">
          <p>{error}</p>
          {issues.length > 0 && (
            <ul>
              {issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
