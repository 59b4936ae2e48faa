// Preloaded (`node -r`) into pouchdb-server by the sync benchmark: express-pouchdb's `compression`
// middleware becomes a pass-through, so PouchDB's server answers a reader on the same machine
// uncompressed, as Margin's server does (worker/loopback-encoding.ts). Nothing else changes.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'compression') return () => (_req, _res, next) => next();
  return load.call(this, request, ...rest);
};
