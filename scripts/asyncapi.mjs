#!/usr/bin/env node
// The AsyncAPI document of every Kafka topic and message (docs/api/asyncapi.json), generated from the
// contracts so it cannot say something they do not:
//   - the topics and their descriptions from libs/contracts/src/topics.ts (`TOPICS`),
//   - who writes and who reads each topic from libs/contracts/src/kafka-principals.json (the broker's ACLs),
//   - the messages of each topic from the `*IntegrationEvent` unions of libs/contracts/src/*.events.ts,
//   - every payload's JSON schema from its TypeScript type (ts-json-schema-generator), with the types' own
//     comments as descriptions,
//   - which topics travel sealed from `SEALED_TOPIC_KEYS` (libs/platform/src/config.ts) and the sealed
//     envelope from `SealedEnvelope` (libs/messaging/src/payload-seal.ts).
//
//   node scripts/asyncapi.mjs           write docs/api/asyncapi.json
//   node scripts/asyncapi.mjs --check   exit 1 when the committed document differs from what it would write
//
// libs/contracts/src/asyncapi.spec.ts runs `--check`, validates the document with the AsyncAPI parser and
// checks it against the contracts independently.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { createGenerator } from 'ts-json-schema-generator';
import * as prettier from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'docs/api/asyncapi.json');
const contracts = (f) => join(root, 'libs/contracts/src', f);

function sourceOf(file) {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2023, true);
}

/** The JSDoc comment right above a node, as plain text (or undefined). */
function docOf(node, sf) {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => sf.text.slice(r.pos, r.pos + 3) === '/**').at(-1);
  if (!last) return undefined;
  return sf.text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `TOPICS` of topics.ts: key → { address, description }. */
function readTopics() {
  const sf = sourceOf(contracts('topics.ts'));
  const topics = {};
  sf.forEachChild(function visit(n) {
    if (ts.isVariableDeclaration(n) && n.name.getText(sf) === 'TOPICS') {
      let init = n.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression?.(init))) init = init.expression;
      for (const p of init.properties) {
        topics[p.name.getText(sf)] = { address: p.initializer.text, description: docOf(p, sf) };
      }
    }
    n.forEachChild(visit);
  });
  return topics;
}

/** The topics whose messages travel sealed: the keys of `SEALED_TOPIC_KEYS` in libs/platform. */
function readSealedTopics() {
  const sf = sourceOf(join(root, 'libs/platform/src/config.ts'));
  const sealed = [];
  sf.forEachChild(function visit(n) {
    if (ts.isVariableDeclaration(n) && n.name.getText(sf) === 'SEALED_TOPIC_KEYS') {
      let init = n.initializer;
      while (ts.isAsExpression(init)) init = init.expression;
      for (const p of init.properties) sealed.push(p.name.text);
    }
    n.forEachChild(visit);
  });
  if (sealed.length === 0) throw new Error('SEALED_TOPIC_KEYS not found in libs/platform/src/config.ts');
  return sealed;
}

/**
 * The members of every `*IntegrationEvent` union of libs/contracts: `IntegrationEnvelope<'Type', PayloadV1>`
 * gives { union, type, payload }; `IntegrationEnvelope<string, PayloadV1>` gives type `*` (any other name).
 */
export function readIntegrationEvents() {
  const out = [];
  for (const f of ['intake.events.ts', 'casework.events.ts', 'audit.events.ts']) {
    const sf = sourceOf(contracts(f));
    for (const st of sf.statements) {
      if (!ts.isTypeAliasDeclaration(st) || !st.name.text.endsWith('IntegrationEvent')) continue;
      const members = ts.isUnionTypeNode(st.type) ? st.type.types : [st.type];
      for (const m of members) {
        if (!ts.isTypeReferenceNode(m) || m.typeName.getText(sf) !== 'IntegrationEnvelope') {
          throw new Error(`${f}: ${st.name.text} has a member that is not an IntegrationEnvelope<…>`);
        }
        const [t, d] = m.typeArguments;
        const type = ts.isLiteralTypeNode(t) ? t.literal.text : '*';
        out.push({ union: st.name.text, type, payload: d.getText(sf) });
      }
    }
  }
  return out;
}

/**
 * Which topics carry which union members. A table, because a union does not say its topic: the audit
 * union spans three kinds of topic. `asyncapi.spec.ts` fails when a union member or a topic is missing.
 */
const TOPIC_MESSAGES = {
  intakeContacts: [{ union: 'IntakeIntegrationEvent' }],
  caseworkCases: [{ union: 'CaseworkIntegrationEvent' }],
  intakeAuditAccess: [{ union: 'AuditIntegrationEvent', type: 'RecordAccessed' }],
  caseworkAuditAccess: [{ union: 'AuditIntegrationEvent', type: 'RecordAccessed' }],
  intakeIntegrityCheckpoints: [{ union: 'AuditIntegrationEvent', type: 'StreamCheckpoint' }],
  caseworkIntegrityCheckpoints: [{ union: 'AuditIntegrationEvent', type: 'StreamCheckpoint' }],
  reportingIntegrityAlerts: [{ union: 'AuditIntegrationEvent', type: 'IntegrityAlertRaised' }],
};

/** A message's name in the document: its type, or for `*` the payload's name without its version. */
const messageName = (m) => (m.type === '*' ? m.payload.replace(/V\d+$/, '') : m.type);

const ref = (path) => ({ $ref: `#/${path}` });
const upper = (s) => s[0].toUpperCase() + s.slice(1);

/** JSON schemas of the named types, their definitions pooled as components.schemas. */
function schemas(names) {
  const generator = createGenerator({
    path: join(root, 'libs/{contracts/src/{envelope.schema,*.events}.ts,messaging/src/payload-seal.ts}'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'SealedEnvelope',
    skipTypeCheck: true,
    topRef: false,
    expose: 'export',
    jsDoc: 'extended',
    // Consumers take messages with fields they do not know (a newer producer): the schemas say so.
    additionalProperties: true,
  });
  const pool = {};
  for (const name of names) {
    const { definitions = {}, $schema: _s, ...top } = generator.createSchema(name);
    pool[name] = top;
    Object.assign(pool, definitions);
  }
  const rewritten = JSON.parse(JSON.stringify(pool).replaceAll('"#/definitions/', '"#/components/schemas/'));
  return Object.fromEntries(
    Object.keys(rewritten)
      .sort()
      .map((k) => [k, rewritten[k]]),
  );
}

export function generate() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const principals = JSON.parse(readFileSync(contracts('kafka-principals.json'), 'utf8'));
  const topics = readTopics();
  const sealedTopics = readSealedTopics();
  const events = readIntegrationEvents();

  const messagesOf = (key) =>
    TOPIC_MESSAGES[key].flatMap((sel) =>
      events.filter((e) => e.union === sel.union && (!sel.type || e.type === sel.type)),
    );
  for (const key of Object.keys(topics)) {
    if (!TOPIC_MESSAGES[key]) throw new Error(`topic ${key} has no entry in TOPIC_MESSAGES`);
    if (messagesOf(key).length === 0) throw new Error(`topic ${key}: no message of the contracts matches`);
  }
  const payloads = [...new Set(Object.keys(topics).flatMap((k) => messagesOf(k).map((m) => m.payload)))];
  const components = {
    schemas: schemas(['AnyIntegrationEnvelope', 'SealedEnvelope', ...payloads]),
    messages: {},
    messageTraits: {},
    securitySchemes: {
      scram: {
        type: 'scramSha512',
        description:
          'SASL/SCRAM-SHA-512 (KAFKA_SASL_MECHANISM may choose SCRAM-SHA-256): every service is its own principal ' +
          'User:<service> with exactly the ACLs of libs/contracts/src/kafka-principals.json (docs/kafka-security.md).',
      },
    },
  };
  const envelope = components.schemas.IntegrationEnvelope;
  const headers = (sealed) => ({
    type: 'object',
    properties: {
      'cp-event-id': { type: 'string', description: 'The envelope’s eventId.' },
      ...(sealed
        ? {}
        : {
            'cp-event-type': {
              type: 'string',
              description: 'The envelope’s type (absent on sealed topics).',
            },
          }),
      'cp-schema-version': { type: 'string' },
      'cp-correlation-id': { type: 'string' },
      'cp-causation-id': { type: 'string' },
    },
  });
  components.messageTraits.keyedByAggregate = {
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description: 'The aggregateId: all events of one aggregate share a partition.',
        },
        bindingVersion: '0.5.0',
      },
    },
  };

  /** The opened (or never sealed) envelope of one message type. */
  const openedMessage = (m, sealed) => {
    const name = messageName(m);
    const type =
      m.type === '*'
        ? {
            type: 'string',
            description:
              'The name of the domain event of the step (every step that is not listed as a message of its own).',
          }
        : { type: 'string', const: m.type };
    components.messages[name] = {
      name,
      title: name,
      summary: components.schemas[m.payload]?.description?.split('\n')[0],
      contentType: 'application/json',
      ...(sealed
        ? {
            description:
              'What `PayloadSeal.open` (libs/messaging) returns for a sealed message of this type: `type`, `actor` ' +
              'and `data` decrypted from `sealed.ct`, the rest as it travelled. A message written before its topic ' +
              'was sealed travels like this.',
          }
        : {}),
      headers: headers(false),
      payload: {
        ...envelope,
        properties: { ...envelope.properties, type, data: ref(`components/schemas/${m.payload}`) },
        description: undefined,
      },
      traits: [ref('components/messageTraits/keyedByAggregate')],
    };
    return name;
  };

  const channels = {};
  const operations = {};
  for (const [key, topic] of Object.entries(topics)) {
    const sealed = sealedTopics.includes(topic.address);
    const opened = [...new Set(messagesOf(key).map((m) => openedMessage(m, sealed)))];
    const wire = [];
    if (sealed) {
      const name = `${upper(key)}Sealed`;
      components.messages[name] = {
        name,
        title: `${topic.address} (sealed)`,
        summary: 'The envelope as it travels on a sealed topic.',
        description:
          `The event's type, actor and data are encrypted (AES-256-GCM) under the topic's key ring ` +
          `(${topic.address}: see SEALED_TOPIC_KEYS in libs/platform/src/config.ts); ids, versions, the time, the ` +
          'producer and the chain hashes stay readable. Additional data: `cp-topic-payload|<topic>|<eventId>|' +
          '<aggregateId>|<aggregateVersion>`. Opened, the message is one of: ' +
          opened.join(', ') +
          '.',
        contentType: 'application/json',
        headers: headers(true),
        payload: ref('components/schemas/SealedEnvelope'),
        traits: [ref('components/messageTraits/keyedByAggregate')],
        'x-opens-to': opened,
      };
      wire.push(name);
    }
    const all = [...wire, ...opened];
    const msgRefs = (names, channelKey) => names.map((n) => ref(`channels/${channelKey}/messages/${n}`));
    channels[key] = {
      address: topic.address,
      title: topic.address,
      description: topic.description,
      messages: Object.fromEntries(all.map((n) => [n, ref(`components/messages/${n}`)])),
      ...(sealed ? { 'x-sealed': true } : {}),
    };
    const dlqKey = `${key}DeadLetter`;
    channels[dlqKey] = {
      address: `${topic.address}.dlq`,
      title: `${topic.address}.dlq`,
      description:
        `Messages of ${topic.address} that still failed after retries, as they were received, with the headers ` +
        'cp-error, cp-failed-at, cp-original-topic, cp-original-partition and cp-original-offset; each consumer ' +
        'of the topic may write it.',
      messages: Object.fromEntries(all.map((n) => [n, ref(`components/messages/${n}`)])),
    };
    for (const [service, p] of Object.entries(principals.services)) {
      const ops = p.topics[topic.address] ?? [];
      if (ops.includes('WRITE')) {
        // A producer of a sealed topic sends only sealed messages (OutboxRelay's mustSeal).
        operations[`${service}Sends${upper(key)}`] = {
          action: 'send',
          channel: ref(`channels/${key}`),
          title: `${service} writes ${topic.address}`,
          messages: msgRefs(sealed ? wire : opened, key),
          'x-service': service,
        };
      }
      if (ops.includes('READ')) {
        operations[`${service}Receives${upper(key)}`] = {
          action: 'receive',
          channel: ref(`channels/${key}`),
          title: `${service} reads ${topic.address}`,
          messages: msgRefs(all, key),
          'x-service': service,
        };
      }
      if ((p.topics[`${topic.address}.dlq`] ?? []).includes('WRITE')) {
        operations[`${service}DeadLetters${upper(key)}`] = {
          action: 'send',
          channel: ref(`channels/${dlqKey}`),
          title: `${service} writes ${topic.address}.dlq`,
          messages: msgRefs(all, dlqKey),
          'x-service': service,
        };
      }
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Child protection: Kafka topics and messages',
      version: pkg.version,
      description:
        'Every topic of record between intake (Hotline 111), casework (Decree 56/2017) and reporting, who writes ' +
        'and who reads it, and every message. Generated by `npm run asyncapi` from libs/contracts; ' +
        'libs/contracts/src/asyncapi.spec.ts fails when it drifts. Topic names are put after KAFKA_TOPIC_PREFIX ' +
        'when a stack has one.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description:
          'The development broker of `npm run infra` (SASL_PLAINTEXT); production sets KAFKA_BROKERS.',
        security: [ref('components/securitySchemes/scram')],
      },
    },
    channels,
    operations,
    components,
  };
}

/** The document as committed: JSON, laid out by the repository's Prettier settings. */
export async function render() {
  const options = (await prettier.resolveConfig(OUT)) ?? {};
  return prettier.format(JSON.stringify(generate()), { ...options, parser: 'json' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await render();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(OUT, 'utf8');
    } catch {
      // a missing document differs
    }
    if (committed !== text) {
      process.stderr.write('docs/api/asyncapi.json differs from libs/contracts: run `npm run asyncapi`\n');
      process.exit(1);
    }
  } else {
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, text);
  }
}
