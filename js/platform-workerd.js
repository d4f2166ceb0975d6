// The wasm source of the workerd entry (Cloudflare Workers): the module
// imported statically, which workerd and wrangler compile at deploy time
// (Cloudflare does not compile wasm from bytes at run time; see platform.js).
import wasm from './hedl.wasm';
import { staticPlatform } from './platform-static.js';

export const { defaultSource, defaultSourceSync, readFileUrl } = staticPlatform(wasm);
