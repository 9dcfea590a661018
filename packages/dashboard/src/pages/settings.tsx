import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import {
  addMember,
  createKey,
  createShareLink,
  getProjectSettings,
  type KeySummary,
  listKeys,
  listMembers,
  listShareLinks,
  type MemberSummary,
  removeMember,
  revokeKey,
  revokeShareLink,
  saveProjectSettings,
  type ShareLink,
} from '../api/management.ts';
import { exportCsvUrl } from '../api/reports.ts';
import { KeyReveal } from '../components/install-snippets.tsx';
import { DeleteProjectDialog, RenameProjectDialog } from '../components/project-dialogs.tsx';
import { CopyField, Dialog, EmptyState, ErrorState, Skeleton } from '../components/ui.tsx';
import { formatDate, formatRelative } from '../format.ts';
import { navigate } from '../router.ts';
import { DEFAULT_VIEW } from '../state/url-state.ts';

function Section(props: { id: string; title: string; description: string; children: ReactNode }) {
  return (
    <section className="settings-section" aria-labelledby={`${props.id}-title`} id={props.id}>
      <div className="settings-intro">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        <p>{props.description}</p>
      </div>
      <div className="settings-body">{props.children}</div>
    </section>
  );
}

/** Loads a list, with error and retry, and a way to reload after a change. */
function useList<T>(load: () => Promise<T>) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    setError(undefined);
    load()
      .then(setValue)
      .catch((caught: Error) => setError(caught.message));
  }, [load]);
  useEffect(reload, [reload]);
  return { value, error, reload };
}

function KeysSection(props: { projectId: string }) {
  const { projectId } = props;
  const load = useCallback(() => listKeys(projectId).then((result) => result.keys), [projectId]);
  const keys = useList<KeySummary[]>(load);
  const [newKey, setNewKey] = useState<string>();
  const [confirmRevoke, setConfirmRevoke] = useState<KeySummary>();
  const [error, setError] = useState<string>();

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const label = String(new FormData(formElement).get('label') ?? '').trim() || 'SDK key';
    try {
      const result = await createKey(projectId, label);
      setNewKey(result.apiKey);
      formElement.reset();
      keys.reload();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  const revoke = async () => {
    if (!confirmRevoke) return;
    try {
      await revokeKey(projectId, confirmRevoke.id);
      setConfirmRevoke(undefined);
      keys.reload();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  const live = keys.value?.filter((key) => !key.revokedAt);

  return (
    <Section
      id="keys"
      title="API keys"
      description="Keys let the SDK send events. Use one per environment and revoke any that leak."
    >
      {keys.error && <ErrorState message={keys.error} onRetry={keys.reload} />}
      {!keys.value && !keys.error && <Skeleton height={96} />}
      {live && live.length === 0 && (
        <EmptyState title="No active keys">Create one to start sending events.</EmptyState>
      )}
      {live && live.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Key</th>
                <th scope="col" className="hide-narrow">
                  Created
                </th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {live.map((key) => (
                <tr key={key.id}>
                  <td>{key.label}</td>
                  <td className="mono">{key.keyPreview}</td>
                  <td className="hide-narrow">{formatDate(key.createdAt)}</td>
                  <td>{formatRelative(key.lastUsedAt)}</td>
                  <td className="numeric">
                    <button
                      type="button"
                      className="button small ghost danger-text"
                      onClick={() => setConfirmRevoke(key)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {newKey && <KeyReveal apiKey={newKey} />}
      <form className="inline-form" onSubmit={create}>
        <label className="field grow">
          <span>New key label</span>
          <input name="label" placeholder="Production" minLength={2} maxLength={40} />
        </label>
        <button type="submit" className="button">
          Create key
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Dialog
        open={!!confirmRevoke}
        title="Revoke key"
        onClose={() => setConfirmRevoke(undefined)}
        footer={
          <>
            <button type="button" className="button" onClick={() => setConfirmRevoke(undefined)}>
              Cancel
            </button>
            <button type="button" className="button danger" onClick={revoke}>
              Revoke key
            </button>
          </>
        }
      >
        <p>
          Events sent with <span className="mono">{confirmRevoke?.keyPreview}</span> (
          {confirmRevoke?.label}) will be refused from now on. This cannot be undone.
        </p>
      </Dialog>
    </Section>
  );
}

function MembersSection(props: { projectId: string }) {
  const { projectId } = props;
  const load = useCallback(
    () => listMembers(projectId).then((result) => result.members),
    [projectId],
  );
  const members = useList<MemberSummary[]>(load);
  const [error, setError] = useState<string>();
  const invite = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    try {
      await addMember(
        projectId,
        String(form.get('email')),
        form.get('role') as MemberSummary['role'],
      );
      formElement.reset();
      setError(undefined);
      members.reload();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  const remove = async (userId: string) => {
    try {
      await removeMember(projectId, userId);
      members.reload();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <Section
      id="members"
      title="Members"
      description="Admins manage keys and members; viewers can read reports only."
    >
      {members.error && <ErrorState message={members.error} onRetry={members.reload} />}
      {!members.value && !members.error && <Skeleton height={64} />}
      {members.value && (
        <ul className="member-list">
          {members.value.map((member) => (
            <li key={member.userId}>
              <span className="member-name">{member.email ?? member.name ?? member.userId}</span>
              <span className={`role role-${member.role}`}>{member.role}</span>
              {member.role !== 'owner' && (
                <button
                  type="button"
                  className="button small ghost danger-text"
                  onClick={() => remove(member.userId)}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={invite}>
        <label className="field grow">
          <span>Email of an existing user</span>
          <input name="email" type="email" required placeholder="teammate@example.com" />
        </label>
        <label className="field">
          <span>Role</span>
          <select name="role" defaultValue="viewer">
            <option value="viewer">Viewer</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <button type="submit" className="button">
          Add member
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Section>
  );
}

function ShareSection(props: { projectId: string }) {
  const { projectId } = props;
  const load = useCallback(
    () => listShareLinks(projectId).then((result) => result.shareLinks),
    [projectId],
  );
  const links = useList<ShareLink[]>(load);
  const [error, setError] = useState<string>();
  const act = (work: Promise<unknown>) =>
    work.then(links.reload).catch((caught: Error) => setError(caught.message));
  return (
    <Section
      id="sharing"
      title="Public share link"
      description="Anyone with the link sees a read-only dashboard, without signing in. Revoke it to stop access."
    >
      {links.error && <ErrorState message={links.error} onRetry={links.reload} />}
      {links.value?.map((link) => (
        <div key={link.id} className="share-link">
          <CopyField text={link.url} label="Share link" />
          <div className="share-meta">
            <span>Created {formatDate(link.createdAt)}</span>
            <button
              type="button"
              className="button small ghost danger-text"
              onClick={() => act(revokeShareLink(projectId, link.id))}
            >
              Revoke link
            </button>
          </div>
        </div>
      ))}
      {links.value && links.value.length === 0 && (
        <button type="button" className="button" onClick={() => act(createShareLink(projectId))}>
          Create share link
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Section>
  );
}

const RETENTION_CHOICES = [
  { days: null, label: 'Keep forever' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 180, label: '6 months' },
  { days: 365, label: '1 year' },
  { days: 730, label: '2 years' },
  { days: 1825, label: '5 years' },
];

function RetentionSection(props: { projectId: string }) {
  const { projectId } = props;
  const load = useCallback(
    () => getProjectSettings(projectId).then((result) => result.settings),
    [projectId],
  );
  const settings = useList(load);
  const [status, setStatus] = useState<string>();
  const change = async (value: string) => {
    const retentionDays = value === 'forever' ? null : Number(value);
    try {
      await saveProjectSettings(projectId, { retentionDays });
      setStatus('Saved');
      settings.reload();
    } catch (caught) {
      setStatus((caught as Error).message);
    }
  };
  return (
    <Section
      id="retention"
      title="Data retention"
      description="Events older than this are deleted automatically, every hour."
    >
      {settings.error && <ErrorState message={settings.error} onRetry={settings.reload} />}
      {settings.value && (
        <label className="field">
          <span>Keep events for</span>
          <select
            aria-label="Retention period"
            value={
              settings.value.retentionDays === null
                ? 'forever'
                : String(settings.value.retentionDays)
            }
            onChange={(event) => change(event.target.value)}
          >
            {RETENTION_CHOICES.map((choice) => (
              <option
                key={choice.label}
                value={choice.days === null ? 'forever' : String(choice.days)}
              >
                {choice.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {status && (
        <p className="hint" role="status">
          {status}
        </p>
      )}
    </Section>
  );
}

export function SettingsPage(props: {
  projectId: string;
  projectName: string;
  onChanged: () => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const project = { id: props.projectId, name: props.projectName };
  return (
    <main className="page settings">
      <div className="page-heading">
        <h1 className="page-title">Settings</h1>
      </div>
      <KeysSection projectId={props.projectId} />
      <MembersSection projectId={props.projectId} />
      <ShareSection projectId={props.projectId} />
      <Section
        id="export"
        title="Export"
        description="Download every report of the last 30 days as CSV. On the overview, Export CSV takes the range and filters you are looking at."
      >
        <a
          className="button"
          href={exportCsvUrl(props.projectId, { ...DEFAULT_VIEW, range: '30d' })}
          download
        >
          Download CSV
        </a>
      </Section>
      <RetentionSection projectId={props.projectId} />
      <Section
        id="danger"
        title="Danger zone"
        description="Renaming is harmless; deleting is forever."
      >
        <div className="danger-zone">
          <button type="button" className="button" onClick={() => setRenaming(true)}>
            Rename project
          </button>
          <button type="button" className="button danger" onClick={() => setDeleting(true)}>
            Delete project
          </button>
        </div>
      </Section>
      <RenameProjectDialog
        project={renaming ? project : undefined}
        onClose={() => setRenaming(false)}
        onRenamed={props.onChanged}
      />
      <DeleteProjectDialog
        project={deleting ? project : undefined}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/dashboard')}
      />
    </main>
  );
}
