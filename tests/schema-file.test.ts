import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildPlatformSchema, printPlatformSchema } from "../server/app/schema";

describe("schema/schema.graphql", () => {
  it("is exactly what the code builds (run `npm run schema` after changing the API)", async () => {
    const committed = readFileSync(join(__dirname, "..", "schema", "schema.graphql"), "utf8");
    expect(committed).toBe(printPlatformSchema(await buildPlatformSchema()));
  });
});
