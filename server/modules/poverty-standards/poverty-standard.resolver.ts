import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow, Role } from "../../shared/auth";
import { toConnection } from "../../shared/pagination";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { HouseholdFilter, type HouseholdService } from "../households";
import { ClassificationIssueConnection } from "./classification-issue.types";
import { PovertyStandard } from "./poverty-standard.entity";
import { PovertyStandardInput } from "./poverty-standard.inputs";
import type { PovertyStandardService } from "./poverty-standard.service";

@Resolver(() => PovertyStandard)
export class PovertyStandardResolver {
  constructor(private readonly standards: PovertyStandardService) {}

  @Allow(...ALL_ROLES)
  @Cost(10, { assumedSize: 3 })
  @Query(() => [PovertyStandard], {
    description: "Every poverty standard the platform knows, oldest first.",
  })
  povertyStandards(@Ctx() ctx: RequestContext): Promise<PovertyStandard[]> {
    return this.standards.list(ctx.actor);
  }

  @Allow(Role.ADMIN)
  @Cost(20)
  @Mutation(() => PovertyStandard, {
    description:
      "Records a new poverty standard (no code change needed when the national standard changes).",
  })
  createPovertyStandard(
    @Ctx() ctx: RequestContext,
    @Arg("standard", () => PovertyStandardInput) standard: PovertyStandardInput,
  ): Promise<PovertyStandard> {
    return this.standards.create(ctx.actor, standard);
  }

  @Allow(...ALL_ROLES)
  @Cost(50)
  @Query(() => ClassificationIssueConnection, {
    description:
      "Households within your scope whose recorded classification disagrees with the standard in force for their review, by household code, with the reason.",
  })
  async classificationIssues(
    @Ctx() ctx: RequestContext,
    @Arg("filter", () => HouseholdFilter, { nullable: true }) filter: HouseholdFilter | undefined,
    @Arg("first", () => Int, { nullable: true }) first: number | undefined,
    @Arg("after", () => String, { nullable: true }) after: string | undefined,
  ): Promise<ClassificationIssueConnection> {
    const scoped = { ...(filter ?? {}), classificationDisagrees: true };
    return toConnection(await this.standards.issues(ctx.actor, scoped, first, after), scoped);
  }
}

@Resolver(() => ClassificationIssueConnection)
export class ClassificationIssueConnectionResolver {
  constructor(private readonly households: HouseholdService) {}

  @Cost(10)
  @FieldResolver(() => Int, { description: "Households with an issue across all pages." })
  totalCount(
    @Root() connection: ClassificationIssueConnection,
    @Ctx() ctx: RequestContext,
  ): Promise<number> {
    return this.households.count(ctx.actor, connection.filter);
  }
}
