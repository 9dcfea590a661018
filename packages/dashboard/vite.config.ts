import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** First-load budget from the dashboard issue: JS + CSS, gzipped. */
const BUDGET_BYTES = 200 * 1024;

/** Prints each emitted JS/CSS file with its gzipped size, and the total against the budget. */
function bundleSizeReport(): Plugin {
  return {
    name: 'bundle-size-report',
    apply: 'build',
    writeBundle(_options, bundle) {
      let total = 0;
      const lines: string[] = [];
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!/\.(js|css)$/.test(fileName)) continue;
        const source = output.type === 'chunk' ? output.code : output.source;
        const gzipped = gzipSync(source).length;
        total += gzipped;
        lines.push(`  ${fileName.padEnd(40)} ${(gzipped / 1024).toFixed(1).padStart(7)} KB gzip`);
      }
      const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
      console.log(
        `dashboard bundle:\n${lines.join('\n')}\n  total ${(total / 1024).toFixed(1)} KB gzip ` +
          `(${verdict} the ${BUDGET_BYTES / 1024} KB budget)`,
      );
      if (total > BUDGET_BYTES) process.exitCode = 1;
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // @vitejs/plugin-react does not install under npm 11 here; esbuild's automatic runtime is
  // all a production build needs (no fast refresh in a served bundle).
  esbuild: { jsx: 'automatic' },
  plugins: [bundleSizeReport()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    reportCompressedSize: false,
  },
});
