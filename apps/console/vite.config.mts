import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is static files under /console/ of the hub or a node; its
// GraphQL is /graphql of the same origin. Nothing is loaded from elsewhere:
// the world outline is bundled, there are no web fonts and no CDN.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Everything as files: the Content-Security-Policy allows no data: URLs.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite apps/console`: the API of a hub or node running locally.
    proxy: { '/graphql': process.env.LITTORAL_CONSOLE_API ?? 'http://localhost:4000', '/console/config.json': process.env.LITTORAL_CONSOLE_API ?? 'http://localhost:4000' },
  },
});
