import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
const server = process.env.VIKNO_API ?? 'http://127.0.0.1:3333'

/**
 * The operator's app: built into build/ui (served by the AdonisJS server under /app/), or run
 * with hot reload by `npm run dev:ui` next to `npm start` (API and sockets proxied to it).
 */
export default defineConfig({
  root,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../build/ui', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
})
