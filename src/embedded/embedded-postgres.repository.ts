import type { Client } from 'pg';
import { sql } from '../db/sql';

/** Whether the cluster has `database`. */
export async function databaseExists(client: Client, database: string): Promise<boolean> {
  const found = await client.query(sql`select 1 from pg_database where datname = ${database}`.toPg());
  return (found.rowCount ?? 0) > 0;
}

/** Creates `database` (CREATE DATABASE takes no parameters: the name is a quoted identifier). */
export async function createDatabase(client: Client, database: string): Promise<void> {
  await client.query(sql`create database ${sql.ident(database)}`.toPgText());
}
