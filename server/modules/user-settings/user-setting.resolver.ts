import { Arg, Ctx, Mutation, Query, Resolver, registerEnumType } from "type-graphql";
import { ALL_ROLES, Allow } from "../../shared/auth";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import type { UserSettingService } from "./user-setting.service";

/** The languages the platform speaks, as the schema names them. */
export enum UserLanguage {
  VI = "vi",
  EN = "en",
}
registerEnumType(UserLanguage, {
  name: "UserLanguage",
  description: "A language the platform's messages are written in.",
  valuesConfig: { VI: { description: "Tiếng Việt" }, EN: { description: "English" } },
});

@Resolver()
export class UserSettingResolver {
  constructor(private readonly settings: UserSettingService) {}

  @Allow(...ALL_ROLES)
  @Cost(1)
  @Query(() => UserLanguage, {
    nullable: true,
    description:
      "The language you chose with setMyLanguage, or null (then Accept-Language decides).",
  })
  async myLanguage(@Ctx() ctx: RequestContext): Promise<UserLanguage | null> {
    return (await this.settings.languageOf(ctx.actor)) as UserLanguage | null;
  }

  @Allow(...ALL_ROLES)
  @Cost(1)
  @Mutation(() => UserLanguage, {
    description:
      "Chooses the language your error messages and import reports are written in, whatever client you use; it comes before Accept-Language.",
  })
  async setMyLanguage(
    @Ctx() ctx: RequestContext,
    @Arg("language", () => UserLanguage) language: UserLanguage,
  ): Promise<UserLanguage> {
    return (await this.settings.setLanguage(ctx.actor, language)) as UserLanguage;
  }
}
