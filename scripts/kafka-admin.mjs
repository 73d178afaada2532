// A small Kafka admin client over a raw socket, for scripts/infra.mjs: it runs before `npm ci` (so no
// kafkajs) and the broker jars it fetches leave out the CLI tools (tools/kafka/pom.xml). It speaks just what
// the script needs, in the oldest request versions Kafka 4.x still answers (KIP-896):
//   SaslHandshake v1 + SaslAuthenticate v1 (SCRAM-SHA-512 / SCRAM-SHA-256, RFC 5802), Metadata v4,
//   DescribeAcls v1, CreateAcls v1, DeleteAcls v1.
// Only Node built-ins, and Node 20 as well as 24.

import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';

const API = {
  Metadata: 3,
  DescribeAcls: 29,
  CreateAcls: 30,
  DeleteAcls: 31,
  SaslHandshake: 17,
  SaslAuthenticate: 36,
};

/** Kafka's enumerations (org.apache.kafka.common.resource / acl). */
export const RESOURCE = { ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4 };
export const PATTERN = { ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 };
export const OPERATION = {
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
};
export const PERMISSION = { ANY: 1, DENY: 2, ALLOW: 3 };
const nameOf = (table, value) => Object.keys(table).find((k) => table[k] === value) ?? String(value);

/** The broker refused the credentials (SASL_AUTHENTICATION_FAILED or no SCRAM on the listener). */
export class KafkaAuthError extends Error {}
/** The broker answered a request with an error code. */
export class KafkaRequestError extends Error {}

// ───────────────────────────── encoding ─────────────────────────────

class Writer {
  parts = [];
  int8(v) {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    return this.push(b);
  }
  int16(v) {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    return this.push(b);
  }
  int32(v) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.push(b);
  }
  string(s) {
    if (s === null || s === undefined) return this.int16(-1);
    const b = Buffer.from(s, 'utf8');
    return this.int16(b.length).push(b);
  }
  bytes(b) {
    return this.int32(b.length).push(b);
  }
  array(items, write) {
    this.int32(items.length);
    for (const item of items) write(this, item);
    return this;
  }
  push(b) {
    this.parts.push(b);
    return this;
  }
  buffer() {
    return Buffer.concat(this.parts);
  }
}

class Reader {
  constructor(buf) {
    this.buf = buf;
    this.o = 0;
  }
  int8() {
    return this.buf.readInt8((this.o += 1) - 1);
  }
  int16() {
    return this.buf.readInt16BE((this.o += 2) - 2);
  }
  int32() {
    return this.buf.readInt32BE((this.o += 4) - 4);
  }
  int64() {
    return this.buf.readBigInt64BE((this.o += 8) - 8);
  }
  string() {
    const n = this.int16();
    if (n < 0) return null;
    this.o += n;
    return this.buf.toString('utf8', this.o - n, this.o);
  }
  bytes() {
    const n = this.int32();
    if (n < 0) return null;
    this.o += n;
    return this.buf.subarray(this.o - n, this.o);
  }
  array(read) {
    const out = [];
    for (let n = this.int32(); n > 0; n--) out.push(read(this));
    return out;
  }
}

// ───────────────────────────── connection ─────────────────────────────

/**
 * One connection, one request at a time. `request` sends a body with a v1 request header and resolves with
 * the response body after its correlation id.
 */
function openConnection(host, port, { clientId = 'cp-infra', timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ host, port });
    let buf = Buffer.alloc(0);
    let pending = null;
    let correlationId = 0;
    let closedWith = null;
    const fail = (err) => {
      closedWith = err;
      if (pending) {
        pending.reject(err);
        pending = null;
      }
    };
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      resolve(conn);
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
      fail(e);
    });
    sock.on('close', () => fail(new Error(`${host}:${port} closed the connection`)));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const frame = buf.subarray(4, 4 + buf.readInt32BE(0));
        buf = buf.subarray(4 + frame.length);
        if (!pending) continue;
        const p = pending;
        pending = null;
        clearTimeout(p.timer);
        if (frame.readInt32BE(0) !== p.correlationId) p.reject(new Error('unexpected correlation id'));
        else p.resolve(frame.subarray(4));
      }
    });
    const conn = {
      request(apiKey, apiVersion, body) {
        if (closedWith) return Promise.reject(closedWith);
        if (pending) return Promise.reject(new Error('one request at a time'));
        const id = ++correlationId;
        const header = new Writer().int16(apiKey).int16(apiVersion).int32(id).string(clientId).buffer();
        const size = Buffer.alloc(4);
        size.writeInt32BE(header.length + body.length);
        return new Promise((res, rej) => {
          const t = setTimeout(() => {
            pending = null;
            sock.destroy();
            rej(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`));
          }, timeoutMs);
          pending = { correlationId: id, resolve: res, reject: rej, timer: t };
          sock.write(Buffer.concat([size, header, body]));
        });
      },
      close() {
        sock.destroy();
      },
    };
  });
}

// ───────────────────────────── SASL/SCRAM (RFC 5802) ─────────────────────────────

const SCRAM = {
  'SCRAM-SHA-512': { hash: 'sha512', bytes: 64 },
  'SCRAM-SHA-256': { hash: 'sha256', bytes: 32 },
};

const saslName = (s) => s.replace(/=/g, '=3D').replace(/,/g, '=2C');

async function authenticate(conn, { mechanism, username, password }) {
  const algo = SCRAM[mechanism];
  if (!algo)
    throw new KafkaAuthError(`unsupported SASL mechanism ${mechanism} (SCRAM-SHA-512 or SCRAM-SHA-256)`);
  const hs = new Reader(await conn.request(API.SaslHandshake, 1, new Writer().string(mechanism).buffer()));
  const hsError = hs.int16();
  const enabled = hs.array((r) => r.string());
  if (hsError !== 0) {
    throw new KafkaAuthError(
      `the broker does not accept ${mechanism} (it offers ${enabled.join(', ') || 'none'})`,
    );
  }
  const step = async (payload) => {
    const r = new Reader(
      await conn.request(API.SaslAuthenticate, 1, new Writer().bytes(Buffer.from(payload)).buffer()),
    );
    const code = r.int16();
    const message = r.string();
    const bytes = r.bytes();
    if (code !== 0) throw new KafkaAuthError(message || `SASL authentication failed (error ${code})`);
    return bytes?.toString('utf8') ?? '';
  };
  const hmac = (key, text) => createHmac(algo.hash, key).update(text).digest();
  const clientNonce = randomBytes(24).toString('base64');
  const clientFirstBare = `n=${saslName(username)},r=${clientNonce}`;
  const serverFirst = await step(`n,,${clientFirstBare}`);
  const fields = Object.fromEntries(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)]));
  if (!fields.r?.startsWith(clientNonce) || !fields.s || !(Number(fields.i) > 0)) {
    throw new KafkaAuthError(`unexpected SCRAM server-first message: ${serverFirst}`);
  }
  const salted = pbkdf2Sync(
    password,
    Buffer.from(fields.s, 'base64'),
    Number(fields.i),
    algo.bytes,
    algo.hash,
  );
  const clientKey = hmac(salted, 'Client Key');
  const storedKey = createHash(algo.hash).update(clientKey).digest();
  const withoutProof = `c=biws,r=${fields.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(storedKey, authMessage);
  const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]));
  const serverFinal = await step(`${withoutProof},p=${proof.toString('base64')}`);
  const expected = hmac(hmac(salted, 'Server Key'), authMessage);
  const got = Buffer.from(/^v=(.*)$/.exec(serverFinal)?.[1] ?? '', 'base64');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw new KafkaAuthError('the broker could not prove it knows the credentials (SCRAM server signature)');
  }
}

/**
 * An authenticated admin connection: `{ host, port, username, password, mechanism }`. Throws KafkaAuthError
 * when the broker refuses the credentials, another Error when it does not answer as a SASL listener.
 */
export async function connectKafka({
  host,
  port,
  username,
  password,
  mechanism = 'SCRAM-SHA-512',
  timeoutMs,
}) {
  const conn = await openConnection(host, port, { timeoutMs });
  try {
    await authenticate(conn, { mechanism: mechanism.toUpperCase(), username, password });
  } catch (err) {
    conn.close();
    throw err;
  }
  return conn;
}

// ───────────────────────────── requests ─────────────────────────────

/**
 * Metadata v4 without topics: { brokers: [{ nodeId, host, port }], clusterId, controllerId }. A KRaft
 * broker only lists itself once registered with the controller and unfenced, so brokers.length > 0 means
 * "ready for clients". (Kafka 4.0 removed Metadata v0–v3, KIP-896.)
 */
export async function metadata(conn) {
  const r = new Reader(await conn.request(API.Metadata, 4, new Writer().int32(0).int8(0).buffer()));
  r.int32(); // throttle_time_ms
  const brokers = r.array((x) => {
    const nodeId = x.int32();
    const host = x.string();
    const port = x.int32();
    x.string(); // rack
    return { nodeId, host, port };
  });
  return { brokers, clusterId: r.string(), controllerId: r.int32() };
}

/**
 * Metadata v4 on a connection that did NOT authenticate: a broker that answers it serves clients without
 * authentication (a SASL listener closes the connection instead).
 */
export async function unauthenticatedMetadata(host, port, timeoutMs = 3000) {
  const conn = await openConnection(host, port, { timeoutMs });
  try {
    return await metadata(conn);
  } finally {
    conn.close();
  }
}

/** Every ACL the broker holds: [{ resourceType, resourceName, patternType, principal, host, operation, permission }]. */
export async function describeAcls(conn) {
  const body = new Writer()
    .int8(RESOURCE.ANY)
    .string(null)
    .int8(PATTERN.ANY)
    .string(null)
    .string(null)
    .int8(OPERATION.ANY)
    .int8(PERMISSION.ANY)
    .buffer();
  const r = new Reader(await conn.request(API.DescribeAcls, 1, body));
  r.int32();
  const code = r.int16();
  const message = r.string();
  if (code !== 0) throw new KafkaRequestError(`DescribeAcls failed (error ${code}): ${message ?? ''}`);
  return r
    .array((x) => {
      const resourceType = nameOf(RESOURCE, x.int8());
      const resourceName = x.string();
      const patternType = nameOf(PATTERN, x.int8());
      return x.array((a) => ({
        resourceType,
        resourceName,
        patternType,
        principal: a.string(),
        host: a.string(),
        operation: nameOf(OPERATION, a.int8()),
        permission: nameOf(PERMISSION, a.int8()),
      }));
    })
    .flat();
}

const writeBinding = (w, b) =>
  w
    .int8(RESOURCE[b.resourceType])
    .string(b.resourceName)
    .int8(PATTERN[b.patternType])
    .string(b.principal)
    .string(b.host ?? '*')
    .int8(OPERATION[b.operation])
    .int8(PERMISSION[b.permission ?? 'ALLOW']);

/** Creates ALLOW bindings ({ resourceType, resourceName, patternType, principal, operation }). */
export async function createAcls(conn, bindings) {
  if (bindings.length === 0) return;
  const r = new Reader(
    await conn.request(API.CreateAcls, 1, new Writer().array(bindings, writeBinding).buffer()),
  );
  r.int32();
  const failed = r
    .array((x) => ({ code: x.int16(), message: x.string() }))
    .map((res, i) => ({ ...res, binding: bindings[i] }))
    .filter((res) => res.code !== 0);
  if (failed.length) {
    throw new KafkaRequestError(
      `CreateAcls refused ${failed.length} binding(s): ${failed.map((f) => `${describeBinding(f.binding)}: ${f.message ?? `error ${f.code}`}`).join('; ')}`,
    );
  }
}

/** Deletes exactly these bindings (each used as a filter that matches only itself). */
export async function deleteAcls(conn, bindings) {
  if (bindings.length === 0) return;
  const r = new Reader(
    await conn.request(API.DeleteAcls, 1, new Writer().array(bindings, writeBinding).buffer()),
  );
  r.int32();
  const failed = r
    .array((x) => {
      const code = x.int16();
      const message = x.string();
      x.array((m) => {
        m.int16();
        m.string();
        m.int8();
        m.string();
        m.int8();
        m.string();
        m.string();
        m.int8();
        m.int8();
      });
      return { code, message };
    })
    .filter((res) => res.code !== 0);
  if (failed.length) {
    throw new KafkaRequestError(
      `DeleteAcls failed: ${failed.map((f) => f.message ?? `error ${f.code}`).join('; ')}`,
    );
  }
}

/** "User:intake WRITE TOPIC cp.intake.contacts.v1 (LITERAL)". */
export function describeBinding(b) {
  return `${b.principal} ${b.operation} ${b.resourceType} ${b.resourceName} (${b.patternType})`;
}
