// The two dialects' migrations are written by hand, once per dialect.
// This test migrates a fresh SQLite store and a fresh PostgreSQL database
// and compares what the code relies on: the same tables, the same columns
// in each and the same NOT NULL constraints.  Search is the one place where the dialects
// differ on purpose (FTS5 tables in SQLite, tsvector columns in
// PostgreSQL); those differences are listed below, and nothing else may be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { oic, execSql } from './lib.mjs';

const PG = process.env.OIC_TEST_PG_URL;

// SQLite's FTS5 tables (with their shadow tables) stand for PostgreSQL's
// tsvector columns.
const SQLITE_ONLY_TABLE = /^\w+_fts(_config|_data|_docsize|_idx)?$/;
const PG_ONLY_COLUMN = /^search_(de|en|doc|vector)$|^search$|^tsv/;

function sqliteSchema(file) {
  const out = execSql(`sqlite:${file}`,
    `SELECT m.name, p.name, p."notnull", p.pk
       FROM sqlite_master m, pragma_table_info(m.name) p
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
      ORDER BY m.name, p.cid`);
  return parse(out, (t) => SQLITE_ONLY_TABLE.test(t), () => false);
}

function pgSchema(url) {
  const out = execSql(url,
    `SELECT c.table_name, c.column_name, (c.is_nullable = 'NO')::int,
            (EXISTS (SELECT 1 FROM information_schema.key_column_usage k
                       JOIN information_schema.table_constraints tc
                         ON tc.constraint_name = k.constraint_name AND tc.table_name = k.table_name
                      WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name
                        AND k.column_name = c.column_name))::int
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`);
  return parse(out, () => false, (c) => PG_ONLY_COLUMN.test(c));
}

function parse(text, skipTable, skipColumn) {
  const tables = {};
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [table, column, notnull, pk] = line.split('|');
    if (skipTable(table) || skipColumn(column)) continue;
    // SQLite reports 0 for notnull on an INTEGER PRIMARY KEY (a rowid alias
    // is never NULL anyway) and PostgreSQL reports a primary key column as
    // NOT NULL: a primary key column counts as NOT NULL in both.
    const isPk = pk !== '0' && pk !== 'f';
    (tables[table] ??= {})[column] = { notnull: notnull === '1' || isPk };
  }
  return tables;
}

test('schema parity: SQLite and PostgreSQL migrations define the same tables and columns',
  { skip: !PG && 'needs the PostgreSQL test cluster (make test starts it)' }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oic-parity-'));
    const name = `oic_parity_${process.pid}_${Date.now() % 100000}`;
    const admin = `${PG}/postgres`;
    assert.equal(spawnSync('psql', [admin, '-qAtc', `CREATE DATABASE ${name}`]).status, 0);
    try {
      const lite = `${dir}/city.db`;
      assert.equal(oic(['migrate', '--db', `sqlite:${lite}`]).code, 0);
      assert.equal(oic(['migrate', '--db', `${PG}/${name}`]).code, 0);
      const a = sqliteSchema(lite);
      const b = pgSchema(`${PG}/${name}`);

      assert.ok(Object.keys(a).length >= 20, 'the SQLite schema was read');
      assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), 'the same tables');
      const problems = [];
      for (const table of Object.keys(a)) {
        const ca = a[table];
        const cb = b[table];
        const names = new Set([...Object.keys(ca), ...Object.keys(cb)]);
        for (const col of names) {
          if (!(col in ca)) { problems.push(`${table}.${col}: only in PostgreSQL`); continue; }
          if (!(col in cb)) { problems.push(`${table}.${col}: only in SQLite`); continue; }
          if (ca[col].notnull !== cb[col].notnull)
            problems.push(`${table}.${col}: NOT NULL in ${ca[col].notnull ? 'SQLite' : 'PostgreSQL'} only`);
        }
      }
      assert.deepEqual(problems, [], 'columns and NOT NULL constraints agree');
    } finally {
      spawnSync('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
