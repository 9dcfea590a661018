import { CopyField } from './ui.tsx';

/** How to start sending events with a freshly created key: npm and a script tag. */
export function InstallSnippets(props: { apiKey: string }) {
  const origin = window.location.origin;
  const npm = `npm install harshit-metrics

import { createMetricsClient } from 'harshit-metrics';

const metrics = createMetricsClient('${props.apiKey}', {
  endpoint: '${origin}/api/collect',
});`;
  const script = `<script defer src="${origin}/sdk.js"
  data-api-key="${props.apiKey}"></script>`;
  return (
    <div className="snippets">
      <h3 className="snippet-title">Install with npm</h3>
      <CopyField text={npm} label="npm install snippet" multiline />
      <h3 className="snippet-title">Or add a script tag</h3>
      <CopyField text={script} label="Script tag snippet" multiline />
    </div>
  );
}

/** A new key, shown exactly once. */
export function KeyReveal(props: { apiKey: string }) {
  return (
    <div className="key-reveal">
      <p className="notice">
        Copy this key now: it is shown only once. Lost keys can be revoked and replaced.
      </p>
      <CopyField text={props.apiKey} label="API key" />
    </div>
  );
}
