import { useCallback, useEffect, useState } from 'react';
import { listProjects, type ProjectSummary, sparklines } from '../api/management.ts';
import { bootData } from '../boot.ts';
import {
  CreateProjectDialog,
  DeleteProjectDialog,
  RenameProjectDialog,
} from '../components/project-dialogs.tsx';
import { Sparkline } from '../components/sparkline.tsx';
import { EmptyState, ErrorState, Link, Skeleton } from '../components/ui.tsx';
import { formatCount, formatDate } from '../format.ts';

const SPARKLINE_DAYS = 14;

export function ProjectsPage() {
  const [projects, setProjects] = useState<ProjectSummary[] | undefined>(() => bootData().projects);
  const [trends, setTrends] = useState<Record<string, number[]>>();
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<ProjectSummary>();
  const [deleting, setDeleting] = useState<ProjectSummary>();

  const load = useCallback(() => {
    setError(undefined);
    listProjects()
      .then((result) => setProjects(result.projects))
      .catch((caught: Error) => setError(caught.message));
    sparklines(SPARKLINE_DAYS)
      .then((result) => setTrends(result.projects))
      .catch(() => setTrends({}));
  }, []);

  useEffect(load, [load]);

  return (
    <main className="page">
      <div className="page-heading">
        <h1 className="page-title">Projects</h1>
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          New project
        </button>
      </div>
      {error && <ErrorState message={error} onRetry={load} />}
      {!projects && !error && (
        <div className="project-list">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} height={72} />
          ))}
        </div>
      )}
      {projects?.length === 0 && (
        <EmptyState
          title="Create your first project"
          action={
            <button type="button" className="button primary" onClick={() => setCreating(true)}>
              New project
            </button>
          }
        >
          A project is one site or app. You get an API key and a snippet to paste into it.
        </EmptyState>
      )}
      {projects && projects.length > 0 && (
        <ul className="project-list">
          {projects.map((project) => {
            const values = trends?.[project.id];
            const total = values?.reduce((sum, value) => sum + value, 0);
            return (
              <li key={project.id} className="project-row">
                <Link href={`/dashboard/${project.id}`} className="project-link">
                  <span className="project-name">{project.name}</span>
                  <span className="project-meta">Created {formatDate(project.createdAt)}</span>
                </Link>
                <div className="project-trend">
                  {values ? (
                    <Sparkline values={values} label={`Pageviews, last ${SPARKLINE_DAYS} days`} />
                  ) : (
                    <Skeleton height={32} width="120px" />
                  )}
                  <span className="project-total">
                    {total === undefined
                      ? ''
                      : `${formatCount(total)} pageviews · ${SPARKLINE_DAYS}d`}
                  </span>
                </div>
                <div className="project-actions">
                  <button
                    type="button"
                    className="button small ghost"
                    onClick={() => setRenaming(project)}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    className="button small ghost danger-text"
                    onClick={() => setDeleting(project)}
                  >
                    Delete
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <CreateProjectDialog open={creating} onClose={() => setCreating(false)} onCreated={load} />
      <RenameProjectDialog
        project={renaming}
        onClose={() => setRenaming(undefined)}
        onRenamed={load}
      />
      <DeleteProjectDialog
        project={deleting}
        onClose={() => setDeleting(undefined)}
        onDeleted={() => {
          setDeleting(undefined);
          load();
        }}
      />
    </main>
  );
}
