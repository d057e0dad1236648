import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000100Registry } from './Migration20261128000100_registry';

/**
 * Migrations in order. Listed explicitly so that compiled code, ts-node and jest
 * all run the same set without globbing the file system.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128000100_registry', class: Migration20261128000100Registry },
];
