/**
 * Reads a .zip (a VSIX) into memory: name → contents. Enough for what vsce writes (stored or
 * deflated entries, no zip64), so tests need no `unzip` on the machine.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

/** @returns {Map<string, Buffer>} */
function readZip(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    if (method !== 0 && method !== 8) throw new Error(`${file}: ${name} uses compression method ${method}`);
    if (!name.endsWith('/')) entries.set(name, method === 8 ? zlib.inflateRawSync(raw) : raw);
  }
  return entries;
}

/** Writes the entries under `prefix` (e.g. "extension/") into `dir`; returns the written paths. */
function unpack(file, dir, prefix = '') {
  const written = [];
  for (const [name, data] of readZip(file)) {
    if (!name.startsWith(prefix)) continue;
    const to = path.join(dir, name.slice(prefix.length));
    if (!to.startsWith(path.resolve(dir) + path.sep)) throw new Error(`${file}: entry ${name} leaves the folder`);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, data);
    written.push(to);
  }
  return written;
}

module.exports = { readZip, unpack };
