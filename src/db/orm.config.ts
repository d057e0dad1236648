import { type Options, ReflectMetadataProvider } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import path from 'node:path';
import { migrationsList } from '../../migrations';
import type { AppConfig } from '../config/config';
import { parseDatabaseUrl } from './multi-host-url';
import { NodeLocator } from './node-locator';
import { DataQualityIssue } from '../modules/data-quality/data-quality-issue.entity';
import { DataQualityRun } from '../modules/data-quality/data-quality-run.entity';
import { Household } from '../modules/households/household.entity';
import { HouseholdEvent } from '../modules/households/household-event.entity';
import { Member } from '../modules/members/member.entity';
import { SectorBatch } from '../modules/sector-batches/sector-batch.entity';
import { Tenant } from '../modules/tenants/tenant.entity';

/** Every entity of the hub, listed so that no folder scan is needed at start. */
export const ENTITIES = [Tenant, Household, Member, HouseholdEvent, SectorBatch, DataQualityRun, DataQualityIssue];

/** MikroORM options for one process. */
export function createOrmOptions(config: Pick<AppConfig, 'databaseUrl' | 'dbPoolMax' | 'statementTimeoutMs' | 'sqlDebug'>): Options<PostgreSqlDriver> {
  const url = parseDatabaseUrl(config.databaseUrl);
  // Several hosts (a Patroni pair): each new connection goes to the node the locator finds, as libpq's target_session_attrs would.
  const located = url.hosts.length > 1 || url.attrs !== 'any' ? { stream: new NodeLocator(url).socketFactory() } : {};
  return {
    driver: PostgreSqlDriver,
    clientUrl: url.singleHostUrl,
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    // Scope is per request: a forgotten fork must fail, not share an identity map.
    allowGlobalContext: false,
    loadStrategy: 'select-in',
    pool: { min: 0, max: config.dbPoolMax },
    driverOptions: {
      connection: {
        statement_timeout: config.statementTimeoutMs,
        idle_in_transaction_session_timeout: 60_000,
        application_name: 'poverty-data-hub',
        ...located,
      },
    },
    debug: config.sqlDebug,
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: path.join(__dirname, '../../migrations'),
      pathTs: path.join(__dirname, '../../migrations'),
      migrationsList,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      silent: true,
    },
  };
}
