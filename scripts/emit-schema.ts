import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildPlatformSchema, printPlatformSchema } from "../server/app/schema";

/** `npm run schema`: writes the SDL the code builds to schema/schema.graphql (committed). */
buildPlatformSchema().then((schema) => {
  const target = join(__dirname, "..", "..", "schema", "schema.graphql");
  writeFileSync(target, printPlatformSchema(schema));
  process.stdout.write(`wrote ${target}\n`);
});
