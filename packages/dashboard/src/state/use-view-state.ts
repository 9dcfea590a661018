import { useCallback, useMemo } from 'react';
import { navigate, useLocation } from '../router.ts';
import { parseViewState, serializeViewState, type ViewState } from './url-state.ts';

/** The report view of the current URL, and a setter that writes changes back to the URL. */
export function useViewState(): [ViewState, (next: Partial<ViewState>) => void] {
  const { pathname, search } = useLocation();
  const view = useMemo(() => parseViewState(search), [search]);
  const update = useCallback(
    (next: Partial<ViewState>) => navigate(pathname + serializeViewState({ ...view, ...next })),
    [pathname, view],
  );
  return [view, update];
}
