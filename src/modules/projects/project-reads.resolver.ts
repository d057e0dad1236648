import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import type { Page } from '../../graphql/pagination';
import { HouseholdConnection } from '../households/household.types';
import type { HouseholdRow } from '../households/household.row';
import { ProjectFilter } from './project-reads.inputs';
import type { TransactionRow } from './project-reads.row';
import { type ProjectView, ProjectReadsService } from './project-reads.service';
import { FundTransactionConnection, Project, ProjectConnection, ProjectFunds } from './project-reads.types';

@Resolver(() => Project)
export class ProjectReadsResolver {
  @Query(() => Project, { nullable: true, description: 'One project by number; null when it does not exist or is outside the caller’s scope' })
  project(@Arg('projectNo') projectNo: string, @Ctx() ctx: HubContext): Promise<ProjectView | null> {
    return new ProjectReadsService(ctx).one(projectNo);
  }

  @Query(() => ProjectConnection, { description: 'Projects the caller may see, in cursor pages (a ministry: the types of its agreement)' })
  projects(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Page<ProjectView>> {
    return new ProjectReadsService(ctx).page(filter, first, after);
  }

  @FieldResolver(() => ProjectFunds, { description: 'Budget and ledger figures, summed by PostgreSQL on numeric' })
  funds(@Root() project: ProjectView, @Ctx() ctx: HubContext): Promise<ProjectFunds> {
    return new ProjectReadsService(ctx).loaders().funds.load(project.id);
  }

  @FieldResolver(() => FundTransactionConnection, { description: 'The ledger, in the order it was recorded (empty where a data-sharing policy hides it)' })
  transactions(
    @Root() project: ProjectView,
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Page<TransactionRow>> {
    return new ProjectReadsService(ctx).transactions(project, first, after);
  }

  @FieldResolver(() => HouseholdConnection, {
    description: 'The households the project benefits that the caller may see (a ministry: those it matched, under its policy), in registry order',
  })
  beneficiaries(
    @Root() project: ProjectView,
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Page<HouseholdRow>> {
    return new ProjectReadsService(ctx).beneficiaries(project, first, after);
  }
}
