import type { Agency } from "../modules/agencies";
import type { Ward } from "../modules/wards";
import { systemActor } from "../shared/actor";
import { namedDemoIdentities, type DemoScopeNames } from "./demo-tokens";

const actor = systemActor("spec");

/** Services that know the given agencies and wards (only the fields the naming reads). */
const knowing = (agencies: Partial<Agency>[], wards: Partial<Ward>[]): DemoScopeNames => ({
  agencies: { list: async () => agencies as Agency[] },
  wards: {
    byCodesToday: async (_actor, codes) =>
      wards.filter((ward) => codes.includes(ward.code!)) as Ward[],
  },
});

const scopesOf = async (names: DemoScopeNames) =>
  Object.fromEntries(
    (await namedDemoIdentities(actor, names)).map((identity) => [identity.sub, identity.scopeName]),
  );

describe("the demo identities as the sign-in page offers them", () => {
  it("names the agency and the ward by their stored Vietnamese names", async () => {
    const scopes = await scopesOf(
      knowing(
        [{ code: "CULTURE_INFORMATION", nameVi: "Phòng Văn hóa – Thông tin", nameEn: "Culture" }],
        [{ code: "21550", name: "Nhơn Bình" }],
      ),
    );
    expect(scopes).toEqual({
      "demo-admin": undefined,
      "demo-culture-information": "Phòng Văn hóa – Thông tin",
      "demo-nhon-binh": "Nhơn Bình",
      "demo-analyst": undefined,
      "demo-monitor": undefined,
    });
  });

  it("leaves a code the platform does not know today unnamed, so that the page shows the code", async () => {
    const identities = await namedDemoIdentities(actor, knowing([], []));
    expect(identities.map((identity) => identity.scopeName)).toEqual(
      identities.map(() => undefined),
    );
    expect(identities.find((identity) => identity.sub === "demo-nhon-binh")?.ward).toBe("21550");
  });
});
