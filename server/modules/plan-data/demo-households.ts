import { Area, Classification, type DeprivationIndicator, type PovertyCause } from "../households";
import { WardKind } from "../wards";
import { membersFor, type MemberSeed } from "./demo-members";
import { allocatePlanNeeds } from "./demo-needs";
import { SeededRandom } from "./seeded-random";
import { wardSeeds } from "./wards.data";

export interface HouseholdSeed {
  code: string;
  wardCode: string;
  area: Area;
  classification: Classification;
  incomePerPersonMonthly: number;
  address: string;
  deprivations: DeprivationIndicator[];
  povertyCauses: PovertyCause[];
  members: MemberSeed[];
}

const DEMO_SEED = 139_2024;
/** Income thresholds of the 2022–2025 standard, VND per person per month. */
const INCOME_THRESHOLD: Record<Area, number> = { URBAN: 2_000_000, RURAL: 1_500_000 };

/**
 * The 199 invented households of the demo data, the same on every run: each ward gets the poor and
 * near-poor households `wardSeeds` gives it, with needs reproducing the plan's tables.
 */
export function planDemoHouseholds(): HouseholdSeed[] {
  const random = new SeededRandom(DEMO_SEED);
  const needs = allocatePlanNeeds(random);
  const queue = {
    [Classification.POOR]: needs.filter((n) => n.classification === Classification.POOR),
    [Classification.NEAR_POOR]: needs.filter((n) => n.classification === Classification.NEAR_POOR),
  };
  return wardSeeds.flatMap((ward) => {
    const area = ward.kind === WardKind.PHUONG ? Area.URBAN : Area.RURAL;
    const wardNeeds = [
      ...queue.POOR.splice(0, ward.poor),
      ...queue.NEAR_POOR.splice(0, ward.nearPoor),
    ];
    return wardNeeds.map((n, i): HouseholdSeed => {
      const share =
        n.classification === Classification.POOR ? random.int(55, 90) : random.int(80, 100);
      return {
        code: `QN-${ward.code}-${String(i + 1).padStart(4, "0")}`,
        wardCode: ward.code,
        area,
        classification: n.classification,
        incomePerPersonMonthly:
          Math.floor((INCOME_THRESHOLD[area] * share) / 100 / 10_000) * 10_000,
        address:
          area === Area.URBAN
            ? `Tổ ${random.int(1, 12)}, khu vực ${random.int(1, 9)}, phường ${ward.name}`
            : `Thôn ${random.int(1, 6)}, xã ${ward.name}`,
        deprivations: n.deprivations,
        povertyCauses: [n.cause],
        members: membersFor(random, n),
      };
    });
  });
}
