/**
 * Stands in for `node:http` (and `http`) in the functions' bundles (esbuild's alias, see
 * infra/function-bundling.ts): the same module, reached as CommonJS. An ES module `import` of
 * `node:http` makes Node build the module's ESM facade, which reads every export — among them
 * `WebSocket`, `CloseEvent` and `MessageEvent`, getters that load Node's bundled undici
 * (nodejs/node#59686): 20 to 45 ms of a cold start, even in a function that never calls `fetch`.
 * Here esbuild reads each export when it is used, and undici loads when something first fetches.
 * `process.getBuiltinModule`, not `require`: the alias would turn `require('node:http')` back into
 * this file.
 */
module.exports = process.getBuiltinModule('node:http');
