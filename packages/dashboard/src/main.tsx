import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { browserTimeZone } from './api/reports.ts';
import { TIME_ZONE_COOKIE } from './state/report-query.ts';
import './styles.css';

// Lets the server inline the first report in this viewer's zone on the next page load.
// biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser yet
document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(browserTimeZone())}; path=/; max-age=31536000; samesite=lax`;

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
