// The platform functions of an entry whose wasm is imported statically as a
// compiled WebAssembly.Module (platform-workerd.js, platform-edge.js).
export function staticPlatform(wasm) {
  return {
    defaultSource: async () => wasm,
    defaultSourceSync: () => wasm,
    readFileUrl: async () => null,
  };
}
