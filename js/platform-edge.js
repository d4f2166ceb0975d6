// The wasm source of the edge entry (Vercel Edge Functions and Next.js's
// edge runtime, export condition `edge-light`): the module imported with
// `?module`, which their bundlers compile at build time into a
// WebAssembly.Module (the edge runtime, like Cloudflare, does not compile
// wasm from bytes at run time; see platform.js).
import wasm from './hedl.wasm?module';
import { staticPlatform } from './platform-static.js';

export const { defaultSource, defaultSourceSync, readFileUrl } = staticPlatform(wasm);
