import { type FormEvent, useState } from 'react';
import { createProject, deleteProject, renameProject } from '../api/management.ts';
import { InstallSnippets, KeyReveal } from './install-snippets.tsx';
import { Dialog } from './ui.tsx';

export function CreateProjectDialog(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (projectId: string) => void;
}) {
  const [created, setCreated] = useState<{ projectId: string; apiKey: string }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const close = () => {
    setCreated(undefined);
    setError(undefined);
    props.onClose();
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const result = await createProject(name);
      setCreated(result);
      props.onCreated(result.projectId);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={props.open} onClose={close} title={created ? 'Project created' : 'New project'}>
      {created ? (
        <>
          <KeyReveal apiKey={created.apiKey} />
          <InstallSnippets apiKey={created.apiKey} />
          <div className="dialog-footer">
            <a className="button primary" href={`/dashboard/${created.projectId}`}>
              Open dashboard
            </a>
          </div>
        </>
      ) : (
        <form onSubmit={submit} className="form">
          <label className="field">
            <span>Project name</span>
            <input name="name" required minLength={2} maxLength={60} placeholder="My website" />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-footer">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy}>
              Create project
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

export function RenameProjectDialog(props: {
  project: { id: string; name: string } | undefined;
  onClose: () => void;
  onRenamed: () => void;
}) {
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!props.project) return;
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    try {
      await renameProject(props.project.id, name);
      props.onRenamed();
      props.onClose();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <Dialog open={!!props.project} onClose={props.onClose} title="Rename project">
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>Project name</span>
          <input
            name="name"
            required
            minLength={2}
            maxLength={60}
            defaultValue={props.project?.name}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-footer">
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Deleting needs the project's name typed out: it removes every key and every event. */
export function DeleteProjectDialog(props: {
  project: { id: string; name: string } | undefined;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const close = () => {
    setTyped('');
    setError(undefined);
    props.onClose();
  };
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (!props.project) return;
    try {
      await deleteProject(props.project.id);
      setTyped('');
      props.onDeleted();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <Dialog open={!!props.project} onClose={close} title="Delete project">
      <form onSubmit={confirm} className="form">
        <p>
          This permanently deletes <strong>{props.project?.name}</strong>, its keys and all of its
          events. It cannot be undone.
        </p>
        <label className="field">
          <span>Type the project name to confirm</span>
          <input
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-footer">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button danger" disabled={typed !== props.project?.name}>
            Delete project
          </button>
        </div>
      </form>
    </Dialog>
  );
}
