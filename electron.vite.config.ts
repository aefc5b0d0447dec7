import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin, UserConfig } from 'vite';

export default defineConfig(({ command }) => ({
  main: {
    build: {
      outDir: 'out/main',
      // Only package.json's `dependencies` stay external (none today; a native module would): everything else
      // is bundled into out/main, so app.asar needs no node_modules (ESM packages inside app.asar have a
      // history of "Cannot find package" failures). test/packaging checks both sides.
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve('src/main/app/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/main/preload/index.ts') },
        // Sandboxed preloads cannot load ES modules or local files: one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    ...(command === 'serve' ? devServerCsp(randomBytes(16).toString('base64')) : {}),
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
}));

/**
 * `npm start` only: Vite's dev server injects the page's CSS as <style> elements, which the window's strict
 * Content-Security-Policy (style-src 'self') refuses. Vite marks what it injects with a nonce (html.cspNonce)
 * and the policy allows that nonce, a fresh one per server start. The built window keeps the strict policy.
 */
function devServerCsp(nonce: string): Pick<UserConfig, 'html' | 'plugins'> {
  const plugin: Plugin = {
    name: 'automation-hub:dev-csp-nonce',
    apply: 'serve',
    transformIndexHtml: (html) => allowStyleNonce(html, nonce),
  };
  return { html: { cspNonce: nonce }, plugins: [plugin] };
}

/** Adds `'nonce-…'` to the style-src of the page's Content-Security-Policy meta tag. */
function allowStyleNonce(html: string, nonce: string): string {
  return html.replace(
    /(http-equiv="Content-Security-Policy"[\s\S]*?content="[^"]*?style-src )/,
    `$1'nonce-${nonce}' `,
  );
}
