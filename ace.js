/*
 * Ace entry point: `node ace <command>`. TypeScript runs through ts-node-maintained (swc),
 * which keeps decorator metadata (tsx does not).
 */
import 'ts-node-maintained/register/esm'
await import('./bin/console.js')
