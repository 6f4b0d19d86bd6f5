import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ALL_ROLES, Allow, Role } from "../../shared/auth";
import { loadExisting, loadRequired } from "../../shared/loaders";
import { Cost } from "../../shared/cost";
import type { RequestContext } from "../../shared/request-context";
import { Agency } from "../agencies";
import { SupportMeasure } from "../support-measures";
import { Ward } from "../wards";
import { RoutingRule, RoutingRuleVersion } from "./routing-rule.entity";
import { RoutingRuleInput } from "./routing-rule.inputs";
import type { RoutingRuleService } from "./routing-rule.service";

@Resolver(() => RoutingRule)
export class RoutingRuleResolver {
  constructor(private readonly ruleService: RoutingRuleService) {}

  @Allow(...ALL_ROLES)
  @Cost(10, { assumedSize: 30 })
  @Query(() => [RoutingRule], {
    description:
      "Every routing rule, by code (the order that decides between rules yielding the same measure).",
  })
  routingRules(@Ctx() ctx: RequestContext): Promise<RoutingRule[]> {
    return this.ruleService.list(ctx.actor);
  }

  @Allow(Role.ADMIN)
  @Cost(20)
  @Mutation(() => RoutingRule)
  createRoutingRule(
    @Ctx() ctx: RequestContext,
    @Arg("code") code: string,
    @Arg("rule", () => RoutingRuleInput) rule: RoutingRuleInput,
  ): Promise<RoutingRule> {
    return this.ruleService.create(ctx.actor, code, rule);
  }

  @Allow(Role.ADMIN)
  @Cost(20)
  @Mutation(() => RoutingRule, {
    description:
      "Makes a new version of the rule; tasks already made keep the version that made them.",
  })
  updateRoutingRule(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { description: "The rule's currentVersion as you saw it." })
    version: number,
    @Arg("rule", () => RoutingRuleInput) rule: RoutingRuleInput,
  ): Promise<RoutingRule> {
    return this.ruleService.update(ctx.actor, id, version, rule);
  }

  @Allow(Role.ADMIN)
  @Cost(20)
  @Mutation(() => RoutingRule, { description: "Enables or disables the rule, as a new version." })
  setRoutingRuleEnabled(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int) version: number,
    @Arg("enabled") enabled: boolean,
  ): Promise<RoutingRule> {
    return this.ruleService.setEnabled(ctx.actor, id, version, enabled);
  }

  @Cost(1)
  @FieldResolver(() => RoutingRuleVersion, { description: "The version in force." })
  async current(
    @Root() rule: RoutingRule,
    @Ctx() ctx: RequestContext,
  ): Promise<RoutingRuleVersion> {
    const versions = await ctx.loaders.routingRuleVersions.load(rule.id);
    return versions.find((v) => v.version === rule.currentVersion)!;
  }

  @Cost(1, { assumedSize: 5 })
  @FieldResolver(() => [RoutingRuleVersion], { description: "Every version, oldest first." })
  versions(@Root() rule: RoutingRule, @Ctx() ctx: RequestContext): Promise<RoutingRuleVersion[]> {
    return ctx.loaders.routingRuleVersions.load(rule.id);
  }
}

@Resolver(() => RoutingRuleVersion)
export class RoutingRuleVersionResolver {
  @Cost(1)
  @FieldResolver(() => SupportMeasure)
  measure(@Root() v: RoutingRuleVersion, @Ctx() ctx: RequestContext): Promise<SupportMeasure> {
    return loadRequired(ctx.loaders.supportMeasure, v.measureId, "measure");
  }

  @Cost(1)
  @FieldResolver(() => Agency)
  ownerAgency(@Root() v: RoutingRuleVersion, @Ctx() ctx: RequestContext): Promise<Agency> {
    return loadRequired(ctx.loaders.agency, v.ownerAgencyId, "agency");
  }

  @Cost(1, { assumedSize: 5 })
  @FieldResolver(() => [Agency])
  supportingAgencies(@Root() v: RoutingRuleVersion, @Ctx() ctx: RequestContext): Promise<Agency[]> {
    return loadExisting(ctx.loaders.agency, v.supportingAgencyIds);
  }

  @Cost(1)
  @FieldResolver(() => Ward, { nullable: true })
  ward(@Root() v: RoutingRuleVersion, @Ctx() ctx: RequestContext): Promise<Ward | null> | null {
    return v.wardId ? ctx.loaders.ward.load(v.wardId) : null;
  }
}
