import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import ts from 'typescript';
import { principalsAllowed } from './kafka-principals';
import { TOPICS, deadLetterTopic } from './topics';

/**
 * docs/api/asyncapi.json describes every Kafka topic and message; `npm run asyncapi` (scripts/asyncapi.mjs)
 * writes it from these contracts. These checks fail when it is not a valid AsyncAPI document, or when it
 * says something else than the contracts: a topic without a channel, a writer or reader the broker's ACLs
 * (kafka-principals.json) do not have, a message of the contracts without its payload schema.
 */
const root = join(__dirname, '../../..');
const text = readFileSync(join(root, 'docs/api/asyncapi.json'), 'utf8');
const doc = JSON.parse(text) as {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: 'send' | 'receive'; channel: { $ref: string }; 'x-service': string }>;
  components: {
    messages: Record<string, { payload: { properties?: Record<string, unknown>; $ref?: string } }>;
    schemas: Record<string, unknown>;
  };
};

/** `IntegrationEnvelope<'Type', PayloadV1>` members of the contracts' `*IntegrationEvent` unions. */
function contractMessages(): Array<{ type: string; payload: string }> {
  const out: Array<{ type: string; payload: string }> = [];
  for (const f of ['intake.events.ts', 'casework.events.ts', 'audit.events.ts']) {
    const sf = ts.createSourceFile(f, readFileSync(join(__dirname, f), 'utf8'), ts.ScriptTarget.ES2023, true);
    for (const st of sf.statements) {
      if (!ts.isTypeAliasDeclaration(st) || !st.name.text.endsWith('IntegrationEvent')) continue;
      for (const m of ts.isUnionTypeNode(st.type) ? st.type.types : [st.type]) {
        const [t, d] = (m as ts.TypeReferenceNode).typeArguments ?? [];
        out.push({
          type: ts.isLiteralTypeNode(t) ? (t.literal as ts.StringLiteral).text : '*',
          payload: d.getText(sf),
        });
      }
    }
  }
  return out;
}

const channelOf = (address: string) => Object.entries(doc.channels).find(([, c]) => c.address === address);
const servicesDoing = (channelKey: string, action: 'send' | 'receive') =>
  Object.values(doc.operations)
    .filter((o) => o.action === action && o.channel.$ref === `#/channels/${channelKey}`)
    .map((o) => o['x-service'])
    .sort();

describe('the AsyncAPI document of the Kafka topics (docs/api/asyncapi.json)', () => {
  it('is a valid AsyncAPI document: the AsyncAPI parser reports no error', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics
      .filter((d) => Number(d.severity) === Number(DiagnosticSeverity.Error))
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(expect.arrayContaining(Object.values(TOPICS)));
  });

  it('is what `npm run asyncapi` writes from the contracts today', () => {
    // Throws (exit 1) when the committed document differs from what the generator writes.
    expect(() =>
      execFileSync(process.execPath, [join(root, 'scripts/asyncapi.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it.each(Object.values(TOPICS))('has a channel for %s and its dead-letter topic', (topic) => {
    expect(channelOf(topic)).toBeDefined();
    expect(channelOf(deadLetterTopic(topic))).toBeDefined();
  });

  it('names as writers and readers of each channel exactly the services the ACLs let write and read it', () => {
    for (const [key, channel] of Object.entries(doc.channels)) {
      const { address } = channel;
      expect({ address, send: servicesDoing(key, 'send') }).toEqual({
        address,
        send: principalsAllowed(address, 'WRITE').sort(),
      });
      // Nobody reads a dead-letter topic as a service: operators do, with the admin principal.
      expect({ address, receive: servicesDoing(key, 'receive') }).toEqual({
        address,
        receive: principalsAllowed(address, 'READ').sort(),
      });
    }
  });

  it('has every message of the contracts, each with its payload schema, on a channel', () => {
    const listed = contractMessages();
    expect(listed.length).toBeGreaterThan(5);
    const onChannels = new Set(
      Object.values(doc.channels).flatMap((c) =>
        Object.values(c.messages).map((m) => m.$ref.split('/').pop()),
      ),
    );
    for (const { type, payload } of listed) {
      const name = type === '*' ? payload.replace(/V\d+$/, '') : type;
      const message = doc.components.messages[name];
      expect({ name, defined: !!message, onChannel: onChannels.has(name) }).toEqual({
        name,
        defined: true,
        onChannel: true,
      });
      expect(message.payload.properties?.data).toEqual({ $ref: `#/components/schemas/${payload}` });
      expect(doc.components.schemas[payload]).toEqual(expect.objectContaining({ type: 'object' }));
    }
  });

  it('describes a sealed topic by its sealed envelope on the wire and by the opened messages', () => {
    const sealedWire = Object.entries(doc.components.messages).filter(
      ([, m]) => m.payload.$ref === '#/components/schemas/SealedEnvelope',
    );
    expect(sealedWire.map(([, m]) => m)).toHaveLength(2);
    for (const topic of [TOPICS.intakeContacts, TOPICS.caseworkCases]) {
      const [key, channel] = channelOf(topic)!;
      const sends = Object.values(doc.operations).filter(
        (o) => o.action === 'send' && o.channel.$ref === `#/channels/${key}`,
      ) as unknown as Array<{ messages: Array<{ $ref: string }> }>;
      // The producer sends only sealed messages; readers also meet messages written before sealing.
      for (const op of sends) {
        for (const m of op.messages) {
          const name = m.$ref.split('/').pop()!;
          expect(doc.components.messages[name].payload.$ref).toBe('#/components/schemas/SealedEnvelope');
        }
      }
      expect(Object.keys(channel.messages).length).toBeGreaterThan(1);
    }
  });
});
