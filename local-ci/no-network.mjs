// Preloaded with NODE_OPTIONS=--import=<this file> into every bundle the end-to-end tests run.
// A dry run must not touch the network: any attempt writes a marker line to stderr (which the
// test helper looks for) and throws, so it can neither pass unnoticed nor succeed.
import dns from "node:dns";
import { writeSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";

export const MARKER = "NETWORK-ACCESS-ATTEMPTED";

function describe(args) {
  const [first, second] = args;
  if (typeof first === "string" || first instanceof URL) return String(first);
  if (typeof first === "number")
    return `${typeof second === "string" ? second : "localhost"}:${first}`;
  if (first && typeof first === "object") {
    if (typeof first.url === "string") return first.url;
    if (first.path && !first.port) return `unix:${first.path}`;
    const host = first.host ?? first.hostname ?? "localhost";
    return first.port === undefined ? String(host) : `${host}:${first.port}`;
  }
  return "<unknown>";
}

function refuse(what, args) {
  const target = `${what} ${describe(args)}`;
  // Synchronous, so the line is out even if the process is about to exit.
  writeSync(2, `${MARKER} ${target}\n`);
  return new Error(`${MARKER}: ${target} (the end-to-end tests forbid network access)`);
}

net.Socket.prototype.connect = function connect(...args) {
  throw refuse("net.Socket.connect", Array.isArray(args[0]) ? args[0] : args);
};

for (const name of ["lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny"]) {
  dns[name] = function blocked(...args) {
    throw refuse(`dns.${name}`, args);
  };
  dns.promises[name] = function blocked(...args) {
    return Promise.reject(refuse(`dns.promises.${name}`, args));
  };
}

for (const [label, mod] of [
  ["http", http],
  ["https", https],
]) {
  for (const name of ["request", "get"]) {
    mod[name] = function blocked(...args) {
      throw refuse(`${label}.${name}`, args);
    };
  }
}

if (typeof globalThis.fetch === "function") {
  globalThis.fetch = function fetch(...args) {
    return Promise.reject(refuse("fetch", args));
  };
}

// ES modules that import named bindings (`import { request } from "node:http"`) see the
// wrappers only after this.
syncBuiltinESMExports();
