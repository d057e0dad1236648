import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { ProjectInput } from './project.inputs';
import { pushProjects } from './project.service';
import { ProjectPushSummary } from './project.types';

@Resolver()
export class ProjectResolver {
  @Authorized(Role.PROVINCE)
  @Mutation(() => ProjectPushSummary, {
    description: 'Creates or replaces up to 500 projects of your own counties by projectNo; results in input order',
  })
  pushProjects(
    @Arg('idempotencyKey') idempotencyKey: string,
    // The inputs carry no class-validator rules (validateProject check them): no thousands of empty validator runs a call.
    @Arg('projects', () => [ProjectInput], { validate: false }) projects: ProjectInput[],
    @Ctx() ctx: HubContext,
  ): Promise<ProjectPushSummary> {
    return pushProjects(ctx, idempotencyKey, projects);
  }
}
