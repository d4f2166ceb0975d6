// The package version; npm/build.mjs checks that it matches npm/package.json.
export const VERSION = '0.1.0';
