import {
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { Upload } from "graphql-upload-minimal";
import persistedDocuments from "../client-sdk/persisted-documents.json";
import { queryShapeRule, requireAffordable } from "../server/app/query-safety";
import { buildPlatformSchema } from "../server/app/schema";
import { loadConfig } from "../server/config/config";
import { MAX_PAGE_SIZE } from "../server/shared/pagination";
import { getMetadataStorage } from "type-graphql";
import { Role } from "../server/shared/auth";
import { declaredCost } from "../server/shared/cost";
import { subscribe, wsClient } from "./harness/subscriptions";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

// The platform's own limits, as an operator who sets nothing gets them.
let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const BOMBS = {
  "2,000 aliases of households(first: 1) { totalCount }": aliases(
    2000,
    "households(first: 1) { totalCount }",
  ),
  "2,000 aliases of household(id) { id }": aliases(2000, `household(id: "${UNKNOWN_ID}") { id }`),
};
const deepIntrospection = (depth: number) =>
  `{ __schema { types { ${"ofType { ".repeat(depth - 3)}name${" }".repeat(depth - 3)} } } }`;

describe("alias and root-field bombs", () => {
  it.each(Object.entries(BOMBS))(
    "refuses %s over HTTP with QUERY_TOO_COMPLEX before any SQL runs",
    async (_name, bomb) => {
      const { response, statements } = await api.countingStatements(bomb);
      expect(response.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: "QUERY_TOO_COMPLEX" }),
        }),
      ]);
      expect(response.data).toBeUndefined();
      expect(statements).toBe(0);
    },
  );

  it.each(Object.entries(BOMBS))(
    "refuses %s over WebSocket, as a ward officer, before any SQL runs",
    async (_name, bomb) => {
      const token = api.tokenFor({ sub: "officer-21550", role: Role.WARD_OFFICER, ward: "21550" });
      const client = wsClient(api.platform.url, await token);
      // Connect and authenticate first, so what follows is the bomb's work alone.
      const warmUp = subscribe(api, `{ latestTaskEventCursor }`, {}, { client });
      await warmUp.next();
      const sql: string[] = [];
      // TypeORM hands its logger each statement's text; the counter's own signature leaves it out.
      const spy = jest
        .spyOn(api.platform.database.statements, "logQuery")
        .mockImplementation(((query: string) => void sql.push(query)) as () => void);
      try {
        // Control: an admitted operation is seen reaching the household table and the budget.
        const admitted = subscribe(
          api,
          aliases(2, `household(id: "${UNKNOWN_ID}") { id }`),
          {},
          { client },
        );
        await admitted.next();
        expect(sql.filter(readsHouseholdsOrBudget).length).toBeGreaterThan(0);
        sql.length = 0;
        const refused = subscribe(api, bomb, {}, { client });
        await expect(refused.next()).rejects.toMatchObject({
          errors: [
            expect.objectContaining({
              extensions: expect.objectContaining({ code: "QUERY_TOO_COMPLEX" }),
            }),
          ],
        });
        expect(sql.filter(readsHouseholdsOrBudget)).toEqual([]);
      } finally {
        spy.mockRestore();
        await client.dispose();
      }
    },
  );

  it("refuses an expensive subscription over WebSocket by its cost", async () => {
    const history = `history { id kind actor at comment before }`;
    const nested = `task { ${history} reassignedFrom { ${history} reassignedFrom { ${history} reassignedFrom { ${history} } } } }`;
    const pricey = subscribe(
      api,
      `subscription { taskUpdated(wardCode: "21550") { ${Array.from({ length: 48 }, (_, i) => `t${i}: ${nested}`).join(" ")} } }`,
    );
    await expect(pricey.next()).rejects.toMatchObject({
      errors: [
        expect.objectContaining({
          message: expect.stringMatching(/estimated cost \d+ exceeds 20000/),
        }),
      ],
    });
    await pricey.close();
  });

  it("still answers a normal agency page, with its cost", async () => {
    const staff = api.as({
      sub: "staff-culture",
      role: Role.AGENCY_STAFF,
      agency: "CULTURE_INFORMATION",
    });
    const page = await staff.graphql<{ tasks: { totalCount: number } }>(
      `query($first: Int) { tasks(first: $first) { totalCount edges { node { id status version dueOn measure { code nameVi } household { code classification ward { name } } ownerAgency { code } supportingAgencies { code } } } pageInfo { hasNextPage endCursor } } }`,
      { first: 50 },
    );
    expect(page.status).toBe(200);
    expect(page.errors).toBeUndefined();
    expect(page.data!.tasks.totalCount).toEqual(expect.any(Number));
    expect((page.extensions as { rateLimit: { cost: number } }).rateLimit.cost).toBeGreaterThan(50);
  });
});

describe("introspection", () => {
  it("answers the standard introspection query, as GraphiQL sends it and with every option", async () => {
    for (const query of [
      getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }),
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    ]) {
      const res = await api
        .as({ sub: "analyst", role: Role.ANALYST })
        .graphql<{ __schema: { queryType: unknown } }>(query);
      expect(res.errors).toBeUndefined();
      expect(res.data!.__schema.queryType).toMatchObject({ name: "Query" });
    }
  });

  it("refuses introspection nested 40 levels deep", async () => {
    const res = await api.graphql(deepIntrospection(40));
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({
      extensions: { code: "QUERY_TOO_COMPLEX" },
      message: expect.stringMatching(/deeper than \d+ levels of introspection/),
    });
  });

  it("refuses many introspections in one operation", async () => {
    const res = await api.graphql(aliases(4, `__schema { types { name fields { name } } }`));
    expect(res.errors![0]).toMatchObject({
      extensions: { code: "QUERY_TOO_COMPLEX" },
      message: expect.stringMatching(/more than 3 introspection fields/),
    });
  });

  it("does not let introspection carry data queries past the depth limit", async () => {
    const res = await api.graphql(
      `{ __schema { queryType { name } } tasks(first: 1) { edges { node { ${"reassignedFrom { ".repeat(12)}id${" }".repeat(12)} } } } }`,
    );
    expect(res.errors![0]).toMatchObject({
      extensions: { code: "QUERY_TOO_COMPLEX" },
      message: expect.stringMatching(/deeper than 12 levels$/),
    });
  });
});

describe("declared costs", () => {
  it("are declared by every operation and every field resolver", async () => {
    const schema = await buildPlatformSchema();
    const storage = getMetadataStorage();
    const roots = [
      schema.getQueryType()!,
      schema.getMutationType()!,
      schema.getSubscriptionType()!,
    ].flatMap((type) =>
      Object.values(type.getFields()).map((field) => ({ type: type.name, field })),
    );
    const resolved = storage.fieldResolvers.map((resolver) => {
      const type = storage.objectTypes.find((o) => o.target === resolver.getObjectType!())!.name;
      return {
        type,
        field: (schema.getType(type) as GraphQLObjectType).getFields()[resolver.schemaName],
      };
    });
    const undeclared = [...roots, ...resolved]
      .filter(({ field }) => declaredCost(field) === undefined)
      .map(({ type, field }) => `${type}.${field.name}`);
    expect(undeclared).toEqual([]);
  });
});

describe("the client SDK's operations", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildPlatformSchema();
  });

  it("each passes the default shape and cost limits, with the largest pages", () => {
    const { limits } = loadConfig({});
    const rule = queryShapeRule({
      maxDepth: limits.maxDepth,
      maxSelections: limits.maxRecursiveSelections,
      maxRootFields: limits.maxRootFields,
      maxAliases: limits.maxAliases,
    });
    const documents = Object.values(persistedDocuments as Record<string, string>);
    expect(documents.length).toBeGreaterThan(20);
    for (const text of documents) {
      const document = parse(text);
      expect({ text, errors: validate(schema, document, [...specifiedRules, rule]) }).toEqual({
        text,
        errors: [],
      });
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
      )!;
      const variables = Object.fromEntries(
        (operation.variableDefinitions ?? []).map((v) => [
          v.variable.name.value,
          sampleValue(
            typeFromAST(schema, v.type as never) as GraphQLInputType,
            v.variable.name.value,
          ),
        ]),
      );
      const cost = requireAffordable(schema, document, variables, undefined, limits.maxCost);
      // A cost of 0 would mean the variables did not fit and nothing was costed.
      expect({ text, costed: cost > 0 }).toEqual({ text, costed: true });
    }
  });
});

/** A value of the type that fits it, with pages as large as allowed: the costliest way to call the operation. */
function sampleValue(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, name);
  if (isListType(type)) return [sampleValue(type.ofType, name)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].name;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sampleValue(f.type, f.name)]),
    );
  }
  const scalars: Record<string, unknown> = {
    Int: name === "first" ? MAX_PAGE_SIZE : 2024,
    Float: 1,
    Boolean: true,
    ID: UNKNOWN_ID,
    String: "2024-01-01",
    SafeInt: 1,
    Upload: new Upload(),
    DateTimeISO: "2024-01-01T00:00:00Z",
    JSONObject: {},
  };
  if (!(named.name in scalars)) throw new Error(`no sample value for ${named.name}`);
  return scalars[named.name];
}

function readsHouseholdsOrBudget(sql: string): boolean {
  // The rate limiter gives unspent leases back every second on its own (UPDATE request_rate … FROM
  // jsonb_to_recordset): that is no operation's doing, and may fall in any window.
  return (
    /"household"|request_rate/.test(sql) &&
    !/^UPDATE request_rate r SET requests = r\.requests - x\.requests/.test(sql)
  );
}
