import { createMetricsClient } from './client.ts';
import type { MetricsClient, MetricsOptions } from './types.ts';

declare global {
  interface Window {
    /** The client started by the script-tag build. */
    harshitMetrics?: MetricsClient;
  }
}

/** A `data-` attribute value as an option: booleans, numbers and comma-separated numbers. */
function optionValue(value: string): unknown {
  if (!value) return true;
  if (/^(true|false|[\d.]+)$/.test(value)) return JSON.parse(value);
  return value.includes(',') ? value.split(',').map(Number) : value;
}

/**
 * Starts a client from the attributes of its own `<script>` tag, e.g. `data-api-key`,
 * `data-endpoint` (default: `/api/collect` on the script's origin), `data-auto-track-clicks`.
 */
function startFromScriptTag(): void {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(script.dataset)) options[name] = optionValue(value!);
  const { apiKey, ...rest } = options;
  if (!apiKey) {
    console.warn('harshit-metrics: no data-api-key');
    return;
  }
  rest.endpoint ||= new URL(script.src).origin + '/api/collect';
  window.harshitMetrics = createMetricsClient(String(apiKey), rest as MetricsOptions);
}

startFromScriptTag();
