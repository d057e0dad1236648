import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000100Registry } from './Migration20261128000100_registry';
import { Migration20261128000200Pushes } from './Migration20261128000200_pushes';
import { Migration20261128000300Reconciliation } from './Migration20261128000300_reconciliation';
import { Migration20261128000400SharingAndCases } from './Migration20261128000400_sharing_and_cases';
import { Migration20261128000500DataQuality } from './Migration20261128000500_data_quality';
import { Migration20261128000600AuditChain } from './Migration20261128000600_audit_chain';
import { Migration20261128000700RolesAndRls } from './Migration20261128000700_roles_and_rls';
import { Migration20261128000800ExactMatchPass } from './Migration20261128000800_exact_match_pass';
import { Migration20261128000900BatchRecordPartitions } from './Migration20261128000900_batch_record_partitions';
import { Migration20261201000100ProjectsAndFunds } from './Migration20261201000100_projects_and_funds';
import { Migration20261201000200SecondPassPlans } from './Migration20261201000200_second_pass_plans';
import { Migration20261201000300ProjectReads } from './Migration20261201000300_project_reads';
import { Migration20261201000400FundSupervision } from './Migration20261201000400_fund_supervision';
import { Migration20261201000500FundStatsAndAnnouncements } from './Migration20261201000500_fund_stats_and_announcements';
import { Migration20261201000700AuditSeal } from './Migration20261201000700_audit_seal';
import { Migration20261201000800SectorRecordPartitions } from './Migration20261201000800_sector_record_partitions';
import { Migration20261202000100FundStatsBudgetIndex } from './Migration20261202000100_fund_stats_budget_index';
import { Migration20261202000300ParallelSecondPass } from './Migration20261202000300_parallel_second_pass';
import { Migration20261202001800OutboxTraceContext } from './Migration20261202001800_outbox_trace_context';
import { Migration20261203000301AuditChainLag } from './Migration20261203000301_audit_chain_lag';
import { Migration20261211000100Webhooks } from './Migration20261211000100_webhooks';
import { Migration20261213000100BenefitPoorOnDate } from './Migration20261213000100_benefit_poor_on_date';
import { Migration20261213000200ProjectFundMonths } from './Migration20261213000200_project_fund_months';
import { Migration20261210000100NameMatchKeys } from './Migration20261210000100_name_match_keys';
import { Migration20261218000100WebhookDeliverySweep } from './Migration20261218000100_webhook_delivery_sweep';
import { Migration20261219000100NameKeysLookup } from './Migration20261219000100_name_keys_lookup';
import { Migration20261219000200BenefitPoorOnDateFilter } from './Migration20261219000200_benefit_poor_on_date_filter';
import { Migration20261219000300ProjectFundSumsRebuild } from './Migration20261219000300_project_fund_sums_rebuild';
import { Migration20261217000100StaffAccounts } from './Migration20261217000100_staff_accounts';

/**
 * Migrations in order. Listed explicitly so that compiled code, ts-node and jest
 * all run the same set without globbing the file system.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128000100_registry', class: Migration20261128000100Registry },
  { name: 'Migration20261128000200_pushes', class: Migration20261128000200Pushes },
  { name: 'Migration20261128000300_reconciliation', class: Migration20261128000300Reconciliation },
  { name: 'Migration20261128000400_sharing_and_cases', class: Migration20261128000400SharingAndCases },
  { name: 'Migration20261128000500_data_quality', class: Migration20261128000500DataQuality },
  { name: 'Migration20261128000600_audit_chain', class: Migration20261128000600AuditChain },
  { name: 'Migration20261128000700_roles_and_rls', class: Migration20261128000700RolesAndRls },
  { name: 'Migration20261128000800_exact_match_pass', class: Migration20261128000800ExactMatchPass },
  { name: 'Migration20261128000900_batch_record_partitions', class: Migration20261128000900BatchRecordPartitions },
  { name: 'Migration20261201000100_projects_and_funds', class: Migration20261201000100ProjectsAndFunds },
  { name: 'Migration20261201000200_second_pass_plans', class: Migration20261201000200SecondPassPlans },
  { name: 'Migration20261201000300_project_reads', class: Migration20261201000300ProjectReads },
  { name: 'Migration20261201000400_fund_supervision', class: Migration20261201000400FundSupervision },
  { name: 'Migration20261201000500_fund_stats_and_announcements', class: Migration20261201000500FundStatsAndAnnouncements },
  { name: 'Migration20261201000700_audit_seal', class: Migration20261201000700AuditSeal },
  { name: 'Migration20261201000800_sector_record_partitions', class: Migration20261201000800SectorRecordPartitions },
  { name: 'Migration20261202000100_fund_stats_budget_index', class: Migration20261202000100FundStatsBudgetIndex },
  { name: 'Migration20261202000300_parallel_second_pass', class: Migration20261202000300ParallelSecondPass },
  { name: 'Migration20261202001800_outbox_trace_context', class: Migration20261202001800OutboxTraceContext },
  { name: 'Migration20261203000301_audit_chain_lag', class: Migration20261203000301AuditChainLag },
  { name: 'Migration20261211000100_webhooks', class: Migration20261211000100Webhooks },
  { name: 'Migration20261213000100_benefit_poor_on_date', class: Migration20261213000100BenefitPoorOnDate },
  { name: 'Migration20261213000200_project_fund_months', class: Migration20261213000200ProjectFundMonths },
  { name: 'Migration20261210000100_name_match_keys', class: Migration20261210000100NameMatchKeys },
  { name: 'Migration20261217000100_staff_accounts', class: Migration20261217000100StaffAccounts },
  { name: 'Migration20261218000100_webhook_delivery_sweep', class: Migration20261218000100WebhookDeliverySweep },
  { name: 'Migration20261219000100_name_keys_lookup', class: Migration20261219000100NameKeysLookup },
  { name: 'Migration20261219000200_benefit_poor_on_date_filter', class: Migration20261219000200BenefitPoorOnDateFilter },
  { name: 'Migration20261219000300_project_fund_sums_rebuild', class: Migration20261219000300ProjectFundSumsRebuild },
];
