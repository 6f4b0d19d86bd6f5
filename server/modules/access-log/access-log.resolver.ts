import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { Allow, Role } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { connectionTypes, toConnection, type Connection } from "../../shared/pagination";
import type { AccessLogService } from "./access-log.service";
import { PersonalDataAccess } from "./personal-data-access.entity";

const PersonalDataAccessConnection = connectionTypes(PersonalDataAccess, "PersonalDataAccess");
type PersonalDataAccessConnection = Connection<PersonalDataAccess, unknown>;

@Resolver()
export class AccessLogResolver {
  constructor(private readonly accessLog: AccessLogService) {}

  @Allow(Role.ADMIN)
  @Cost(10)
  @Query(() => PersonalDataAccessConnection, {
    description: "Every read of households' personal data, newest first.",
  })
  async personalDataAccessLog(
    @Ctx() ctx: RequestContext,
    @Arg("householdId", () => ID, { nullable: true }) householdId?: string,
    @Arg("userId", () => String, { nullable: true }) userId?: string,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<PersonalDataAccessConnection> {
    return toConnection(
      await this.accessLog.page(ctx.actor, { householdId, userId }, first, after),
      null,
    );
  }
}
