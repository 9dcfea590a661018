import { useCallback, useEffect, useState } from 'react';
import { listProjects, type ProjectSummary, signOut } from './api/management.ts';
import { exportCsvUrl } from './api/reports.ts';
import { bootData } from './boot.ts';
import { ThemeToggle } from './components/theme-toggle.tsx';
import { EmptyState, Link } from './components/ui.tsx';
import { AuthPage, Logo } from './pages/auth.tsx';
import { Overview } from './pages/overview.tsx';
import { ProjectsPage } from './pages/projects.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { matchPath, useLocation } from './router.ts';
import { useViewState } from './state/use-view-state.ts';

function TopBar(props: { children?: React.ReactNode; signedIn: boolean }) {
  const user = bootData().user;
  const leave = async () => {
    await signOut().catch(() => undefined);
    window.location.assign('/sign-in');
  };
  return (
    <header className="top-bar">
      <div className="top-bar-inner">
        <Link href={props.signedIn ? '/dashboard' : '/'} className="brand">
          <Logo />
          <span className="brand-name">Harshit Metrics</span>
        </Link>
        <nav className="top-nav" aria-label="Project">
          {props.children}
        </nav>
        <div className="top-actions">
          <ThemeToggle />
          {props.signedIn && (
            <>
              {user && <span className="user-email hide-narrow">{user.email}</span>}
              <button type="button" className="button small ghost" onClick={leave}>
                Sign out
              </button>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

function useProjects() {
  const [projects, setProjects] = useState<ProjectSummary[] | undefined>(() => bootData().projects);
  const reload = useCallback(() => {
    listProjects()
      .then((result) => setProjects(result.projects))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    if (!projects) reload();
  }, [projects, reload]);
  return { projects, reload };
}

function ProjectPage(props: { projectId: string; tab: 'overview' | 'settings' }) {
  const { projects, reload } = useProjects();
  const [view] = useViewState();
  const project = projects?.find((candidate) => candidate.id === props.projectId);
  if (projects && !project) {
    return (
      <>
        <TopBar signedIn />
        <main className="page">
          <EmptyState
            title="Project not found"
            action={
              <Link href="/dashboard" className="button">
                All projects
              </Link>
            }
          >
            It was deleted, or you are not a member of it.
          </EmptyState>
        </main>
      </>
    );
  }
  const name = project?.name ?? '';
  const base = `/dashboard/${encodeURIComponent(props.projectId)}`;
  return (
    <>
      <TopBar signedIn>
        <Link href="/dashboard" className="crumb">
          Projects
        </Link>
        <span className="crumb-sep" aria-hidden="true">
          /
        </span>
        <span className="crumb current">{name}</span>
        <div className="tabs page-tabs" role="tablist">
          <Link href={base} role="tab" aria-selected={props.tab === 'overview'} className="tab">
            Overview
          </Link>
          <Link
            href={`${base}/settings`}
            role="tab"
            aria-selected={props.tab === 'settings'}
            className="tab"
          >
            Settings
          </Link>
        </div>
      </TopBar>
      {props.tab === 'overview' ? (
        <main className="page">
          <Overview
            source={{ projectId: props.projectId }}
            title={name}
            actions={
              <a className="button small" href={exportCsvUrl(props.projectId, view)} download>
                Export CSV
              </a>
            }
          />
        </main>
      ) : (
        <SettingsPage projectId={props.projectId} projectName={name} onChanged={reload} />
      )}
    </>
  );
}

function SharePage(props: { token: string }) {
  const share = bootData().share;
  return (
    <>
      <TopBar signedIn={false}>
        <span className="read-only-badge">Read-only shared dashboard</span>
      </TopBar>
      <main className="page">
        <Overview
          source={{ shareToken: props.token }}
          title={share?.projectName ?? 'Shared dashboard'}
          readOnly
        />
      </main>
    </>
  );
}

export function App() {
  const { pathname } = useLocation();
  if (pathname === '/sign-in') return <AuthPage mode="sign-in" />;
  if (pathname === '/sign-up') return <AuthPage mode="sign-up" />;
  const share = matchPath('/share/:token', pathname);
  if (share?.token) return <SharePage token={share.token} />;
  if (pathname === '/dashboard' || pathname === '/dashboard/') {
    return (
      <>
        <TopBar signedIn />
        <ProjectsPage />
      </>
    );
  }
  const settings = matchPath('/dashboard/:projectId/settings', pathname);
  if (settings?.projectId) return <ProjectPage projectId={settings.projectId} tab="settings" />;
  const overview = matchPath('/dashboard/:projectId', pathname);
  if (overview?.projectId) return <ProjectPage projectId={overview.projectId} tab="overview" />;
  return (
    <>
      <TopBar signedIn={!!bootData().user} />
      <main className="page">
        <EmptyState
          title="Page not found"
          action={
            <Link href="/dashboard" className="button">
              Go to your projects
            </Link>
          }
        />
      </main>
    </>
  );
}
