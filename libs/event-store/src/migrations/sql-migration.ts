import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration that is nothing but SQL: its statements forward (`up`) and back (`down`), each run in order.
 * TypeORM takes the returned class like a hand-written one; `name` ends in the timestamp that orders it.
 */
export function sqlMigration(
  name: string,
  statements: { up: readonly string[]; down: readonly string[] },
): new () => MigrationInterface {
  return class implements MigrationInterface {
    readonly name = name;

    async up(q: QueryRunner): Promise<void> {
      for (const sql of statements.up) await q.query(sql);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const sql of statements.down) await q.query(sql);
    }
  };
}
