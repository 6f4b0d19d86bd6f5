import http from "node:http";
import { Role } from "../server/shared/auth";
import { subscribe } from "./harness/subscriptions";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform({
    MAX_QUERY_COST: "3000",
    MAX_RECURSIVE_SELECTIONS: "300",
    MAX_QUERY_DEPTH: "8",
    MAX_BODY_BYTES: "20000",
    RATE_LIMIT_PER_MINUTE: "1000000",
  });
});
afterAll(() => api.close());

const nested = (depth: number) =>
  `{ tasks(first: 1) { edges { node { ${"reassignedFrom { ".repeat(depth)}id${" }".repeat(depth)} } } } }`;

describe("query safety", () => {
  it("refuses operations nested too deep", async () => {
    const res = await api.graphql(nested(10));
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX" } });
    expect(res.errors![0].message).toMatch(/deeper than 8/);
    expect((await api.graphql(nested(2))).errors).toBeUndefined();
  });

  it("refuses operations whose estimated cost is too high, counting page sizes", async () => {
    const query = `query($n: Int) { tasks(first: $n) { edges { node { id history { kind actor at } household { code members { fullName } } } } } }`;
    const big = await api.graphql(query, { n: 100 });
    expect(big.errors![0]).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX" } });
    expect(big.errors![0].message).toMatch(/estimated cost \d+ exceeds 3000/);
    expect((await api.graphql(query, { n: 5 })).errors).toBeUndefined();
    // Costs are remembered per document and variables: the same text with other variables is costed anew.
    expect((await api.graphql(query, { n: 100 })).errors![0]).toMatchObject({
      extensions: { code: "QUERY_TOO_COMPLEX" },
    });
    expect((await api.graphql(query, { n: 5 })).errors).toBeUndefined();
  });

  it("refuses operations that select too many fields through fragments", async () => {
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}: code`).join(" ");
    const spreads = Array.from({ length: 10 }, () => "...W").join(" ");
    const res = await api.graphql(
      `query { wards { ${spreads} } } fragment W on Ward { ${fields} }`,
    );
    expect(res.errors![0]).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX" } });
  });

  it("refuses a request body over the limit", async () => {
    const res = await fetch(api.platform.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${await api.tokenFor({ sub: "a", role: Role.ADMIN })}`,
      },
      body: JSON.stringify({
        query: `{ wards { code } }`,
        variables: { padding: "x".repeat(30_000) },
      }),
    });
    expect(res.status).toBe(413);
  });

  it("refuses a streamed (chunked) body over the limit with 413, and compressed bodies with 415", async () => {
    const token = await api.tokenFor({ sub: "a", role: Role.ADMIN });
    const status = (headers: Record<string, string>, chunks: string[]) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          api.platform.url,
          {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: `Bearer ${token}`,
              ...headers,
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on("error", reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
      });
    const padding = "x".repeat(10_000);
    expect(
      await status({}, [
        `{"query":"{ wards { code } }","variables":{"p":"`,
        padding,
        padding,
        padding,
        `"}}`,
      ]),
    ).toBe(413);
    expect(
      await status({ "content-encoding": "gzip" }, [
        JSON.stringify({ query: "{ wards { code } }" }),
      ]),
    ).toBe(415);
    expect(
      await status({ "content-type": "application/json; charset=latin1" }, [
        JSON.stringify({ query: "{ wards { code } }" }),
      ]),
    ).toBe(415);
  });

  it("tells caches not to keep answers", async () => {
    const res = await fetch(api.platform.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${await api.tokenFor({ sub: "a", role: Role.ADMIN })}`,
      },
      body: JSON.stringify({ query: "{ wards { code } }" }),
    });
    expect({ status: res.status, cacheControl: res.headers.get("cache-control") }).toEqual({
      status: 200,
      cacheControl: "no-store",
    });
  });

  it("refuses cross-site simple requests (CSRF prevention)", async () => {
    const token = await api.tokenFor({ sub: "a", role: Role.ADMIN });
    const url = `${api.platform.url}?query=${encodeURIComponent("{ wards { code } }")}`;
    const simple = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(simple.status).toBe(400);
    const preflighted = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, "apollo-require-preflight": "true" },
    });
    expect(preflighted.status).toBe(200);
    // A form may POST text/plain across sites without asking first: refused, whatever the body says.
    const posted = await fetch(api.platform.url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body: JSON.stringify({ query: "{ wards { code } }" }),
    });
    expect(posted.status).toBe(400);
    expect(await posted.text()).not.toContain('"wards"');
  });

  it("applies the same limits to subscriptions over WebSocket", async () => {
    const deep = subscribe(
      api,
      `subscription { taskUpdated(wardCode: "21550") { task { ${"reassignedFrom { ".repeat(10)}id${" }".repeat(10)} } } }`,
    );
    await expect(deep.next()).rejects.toMatchObject({
      errors: [
        expect.objectContaining({
          extensions: expect.objectContaining({ code: "QUERY_TOO_COMPLEX" }),
        }),
      ],
    });
    await deep.close();
  });
});

describe("rate limit", () => {
  let limited: TestPlatform;
  beforeAll(async () => {
    limited = await startTestPlatform({ RATE_LIMIT_PER_MINUTE: "5" });
  });
  afterAll(() => limited.close());

  it("answers RATE_LIMITED (429) past the per-user budget, counted per user", async () => {
    const alice = limited.as({ sub: "alice", role: Role.ANALYST });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await alice.graphql(`{ wards { code } }`)).status);
    // Requests at a minute boundary start a new window: then all six pass; retry the check once.
    if (!statuses.includes(429))
      for (let i = 0; i < 6; i++) statuses.push((await alice.graphql(`{ wards { code } }`)).status);
    expect(statuses).toContain(429);
    const refused = await alice.graphql(`{ wards { code } }`);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: "RATE_LIMITED" } });
    const bob = await limited.as({ sub: "bob", role: Role.ANALYST }).graphql(`{ wards { code } }`);
    expect(bob.status).toBe(200);
  });
});
