import { parseArgs } from "node:util";
import { loadConfig } from "../server/config/config";
import { Role, signToken } from "../server/shared/auth";

/** `npm run token -- --role WARD_OFFICER --ward 21550`: prints a token signed with the configured secret or development key. */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      agency: { type: "string" },
      ward: { type: "string" },
      user: { type: "string" },
      hours: { type: "string" },
    },
  });
  const role = values.role as Role;
  if (!Object.values(Role).includes(role))
    throw new Error(`--role must be one of ${Object.values(Role).join(", ")}`);
  if (role === Role.AGENCY_STAFF && !values.agency)
    throw new Error("AGENCY_STAFF needs --agency <code>, e.g. --agency HEALTH_CENTRE");
  if (role === Role.WARD_OFFICER && !values.ward)
    throw new Error("WARD_OFFICER needs --ward <GSO code>, e.g. --ward 21550");
  const hours = values.hours === undefined ? undefined : Number(values.hours);
  if (hours !== undefined && !(hours > 0)) throw new Error("--hours must be a positive number");
  const sub =
    values.user ?? `${role.toLowerCase()}-${values.agency ?? values.ward ?? "user"}`.toLowerCase();
  process.stdout.write(
    `${await signToken(loadConfig().auth, { sub, role, agency: values.agency, ward: values.ward }, hours)}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
