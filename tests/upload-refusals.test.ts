import { randomBytes } from "node:crypto";
import { Role } from "../server/shared/auth";
import { startTestPlatform, type TestIdentity, type TestPlatform } from "./harness/test-platform";

let api: TestPlatform;
beforeAll(async () => {
  api = await startTestPlatform();
});
afterAll(() => api.close());

/**
 * A real multipart upload of a file of `megabytes` MB through fetch (undici), sent as a network
 * slower than the server sends it: 64 KB at a time, each after the event loop had a turn, so the
 * server answers while the file is still arriving.
 */
async function upload(megabytes: number, authorization: string | null) {
  const form = new FormData();
  form.append(
    "operations",
    JSON.stringify({
      query: `mutation($f: Upload!) { importHouseholds(file: $f, wardCode: "21553", review: "2024-PERIODIC", dryRun: true) { committed } }`,
      variables: { f: null },
    }),
  );
  form.append("map", JSON.stringify({ 0: ["variables.f"] }));
  form.append("0", new Blob([new Uint8Array(randomBytes(megabytes * 1024 * 1024))]), "list.xlsx");
  const encoded = new Response(form);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setImmediate(resolve));
      if (sent >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(sent, (sent += 64 * 1024)));
    },
  });
  const res = await fetch(api.platform.url, {
    method: "POST",
    headers: {
      "content-type": encoded.headers.get("content-type")!,
      "apollo-require-preflight": "true",
      ...(authorization ? { authorization } : {}),
    },
    body,
    duplex: "half",
  } as RequestInit);
  return {
    status: res.status,
    body: (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

const bearer = async (identity: TestIdentity) => `Bearer ${await api.tokenFor(identity)}`;

describe("refused uploads are heard, not reset", () => {
  it.each([
    ["no token", async () => null, 401, "UNAUTHENTICATED", /bearer token is required/],
    ["a bad token", async () => "Bearer not.a.jwt", 401, "UNAUTHENTICATED", /not valid/],
    [
      "an analyst, whose role may not upload",
      () => bearer({ sub: "analyst", role: Role.ANALYST }),
      403,
      "FORBIDDEN",
      /Analyst role may not upload/,
    ],
    [
      "agency staff, whose role may not upload",
      () => bearer({ sub: "staff", role: Role.AGENCY_STAFF, agency: "LABOUR" }),
      403,
      "FORBIDDEN",
      /Agency staff role may not upload/,
    ],
  ])(
    "answers %s sending 8 MB with its status and message",
    async (_name, authorization, status, code, message) => {
      for (let i = 0; i < 3; i++) {
        const res = await upload(8, await authorization());
        expect(res.status).toBe(status);
        expect(res.body.errors![0]).toMatchObject({
          extensions: { code },
          message: expect.stringMatching(message),
        });
      }
    },
  );
});
