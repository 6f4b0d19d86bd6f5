import type { DataSource, EntityManager } from "typeorm";
import { DomainError, badInput, notFound } from "../../shared/errors";
import { requireUuid } from "../../shared/ids";
import { RoutingRule, RoutingRuleVersion } from "./routing-rule.entity";
import type { RoutingRuleInput } from "./routing-rule.inputs";
import type { Actor } from "../../shared/actor";

const RULE_CODE = /^[A-Z0-9][A-Z0-9_.:-]*$/;

/** What a rule version says, without its bookkeeping. */
export type RuleTerms = Omit<
  RoutingRuleVersion,
  "ruleId" | "version" | "enabled" | "changedBy" | "changedAt" | "rule"
>;

/** Creates an enabled rule at version 1 in the caller's transaction; the codes are the caller's to check. */
export async function createRule(
  actor: Actor,
  tx: EntityManager,
  code: string,
  terms: RuleTerms,
): Promise<RoutingRule> {
  const rule = await tx
    .getRepository(RoutingRule)
    .save(tx.create(RoutingRule, { code, currentVersion: 1 }));
  await tx.insert(RoutingRuleVersion, {
    ...terms,
    ruleId: rule.id,
    version: 1,
    enabled: true,
    changedBy: actor.name,
  });
  return rule;
}

export class RoutingRuleService {
  constructor(private readonly db: DataSource) {}

  list(_actor: Actor): Promise<RoutingRule[]> {
    return this.db.getRepository(RoutingRule).createQueryBuilder("r").orderBy("r.code").getMany();
  }

  byIds(ids: readonly string[]): Promise<RoutingRule[]> {
    return this.db
      .getRepository(RoutingRule)
      .createQueryBuilder("r")
      .where("r.id = ANY(:ids)", { ids })
      .getMany();
  }

  versionsOf(_actor: Actor, ruleIds: readonly string[]): Promise<RoutingRuleVersion[]> {
    return this.db
      .getRepository(RoutingRuleVersion)
      .createQueryBuilder("v")
      .where("v.rule_id = ANY(:ruleIds)", { ruleIds })
      .orderBy("v.rule_id")
      .addOrderBy("v.version")
      .getMany();
  }

  /** The version in force of every rule, in rule-code order (the order that decides between rules yielding one measure). */
  currentVersions(_actor: Actor, tx: EntityManager): Promise<RoutingRuleVersion[]> {
    return tx
      .getRepository(RoutingRuleVersion)
      .createQueryBuilder("v")
      .innerJoin(RoutingRule, "r", "r.id = v.rule_id AND r.current_version = v.version")
      .orderBy("r.code")
      .getMany();
  }

  /** Creates a rule at version 1. Throws BAD_USER_INPUT for a bad rule or unknown codes, CONFLICT when the code is taken. */
  async create(actor: Actor, code: string, input: RoutingRuleInput): Promise<RoutingRule> {
    if (!RULE_CODE.test(code)) throw badInput("error.routing.ruleCode");
    return this.db.transaction(async (tx) => {
      if (await tx.getRepository(RoutingRule).existsBy({ code }))
        throw new DomainError("CONFLICT", "error.routing.ruleExists", { code });
      return createRule(actor, tx, code, await this.resolve(tx, input));
    });
  }

  /** Replaces what the rule matches and yields, as a new version. Tasks already made keep their version. */
  update(actor: Actor, id: string, version: number, input: RoutingRuleInput): Promise<RoutingRule> {
    return this.newVersion(id, version, async (tx, current) => ({
      ...(await this.resolve(tx, input)),
      enabled: current.enabled,
      changedBy: actor.name,
    }));
  }

  /** Enables or disables the rule, as a new version. */
  setEnabled(actor: Actor, id: string, version: number, enabled: boolean): Promise<RoutingRule> {
    return this.newVersion(id, version, async (_tx, current) => ({
      ...current,
      enabled,
      changedBy: actor.name,
    }));
  }

  private newVersion(
    id: string,
    seenVersion: number,
    next: (
      tx: EntityManager,
      current: RoutingRuleVersion,
    ) => Promise<Omit<RoutingRuleVersion, "ruleId" | "version" | "changedAt">>,
  ): Promise<RoutingRule> {
    return this.db.transaction(async (tx) => {
      const rule = await tx
        .getRepository(RoutingRule)
        .findOne({ where: { id: requireUuid(id, "id") }, lock: { mode: "pessimistic_write" } });
      if (!rule) throw notFound("error.notFound.routingRule", { id });
      if (rule.currentVersion !== seenVersion) {
        throw new DomainError(
          "CONFLICT",
          "error.routing.ruleStale",
          { code: rule.code, current: rule.currentVersion, seen: seenVersion },
          {
            currentVersion: rule.currentVersion,
          },
        );
      }
      const current = await tx
        .getRepository(RoutingRuleVersion)
        .findOneByOrFail({ ruleId: rule.id, version: rule.currentVersion });
      const { changedAt: _changedAt, ...values } = { ...current, ...(await next(tx, current)) };
      rule.currentVersion += 1;
      await tx.insert(RoutingRuleVersion, {
        ...values,
        ruleId: rule.id,
        version: rule.currentVersion,
      });
      await tx.update(RoutingRule, { id: rule.id }, { currentVersion: rule.currentVersion });
      return rule;
    });
  }

  private async resolve(tx: EntityManager, input: RoutingRuleInput) {
    const matchers = [input.deprivation, input.povertyCause, input.classification].filter(
      (m) => m !== undefined && m !== null,
    );
    if (matchers.length !== 1) throw badInput("error.routing.oneMatcher");
    const agencyCodes = [input.ownerAgencyCode, ...(input.supportingAgencyCodes ?? [])];
    const agencies: { id: string; code: string }[] = await tx.query(
      `SELECT id, code FROM agency WHERE code = ANY($1)`,
      [agencyCodes],
    );
    const agencyId = (code: string) => {
      const found = agencies.find((a) => a.code === code);
      if (!found) throw badInput("error.input.unknownAgency", { code });
      return found.id;
    };
    const [measure]: { id: string }[] = await tx.query(
      `SELECT id FROM support_measure WHERE code = $1`,
      [input.measureCode],
    );
    if (!measure) throw badInput("error.input.unknownMeasure", { code: input.measureCode });
    const wardId = input.wardId ? requireUuid(input.wardId, "rule.wardId") : null;
    if (wardId && (await tx.query(`SELECT 1 FROM ward WHERE id = $1`, [wardId])).length === 0)
      throw badInput("error.input.unknownWardId", { id: wardId });
    return {
      deprivation: input.deprivation ?? null,
      povertyCause: input.povertyCause ?? null,
      classification: input.classification ?? null,
      wardId,
      area: input.area ?? null,
      measureId: measure.id,
      ownerAgencyId: agencyId(input.ownerAgencyCode),
      supportingAgencyIds: [...new Set((input.supportingAgencyCodes ?? []).map(agencyId))],
      description: input.description ?? null,
    };
  }
}
