import {
  DeprivationIndicator as D,
  EducationLevel,
  PovertyCause,
  RelationToHead,
  Sex,
  WorkStatus,
} from "../households";
import type { HouseholdNeeds } from "./demo-needs";
import type { SeededRandom } from "./seeded-random";

export interface MemberSeed {
  fullName: string;
  birthYear: number;
  sex: Sex;
  relationToHead: RelationToHead;
  nationalIdNumber: string;
  hasHealthInsurance: boolean;
  educationLevel: EducationLevel;
  attendingSchool: boolean;
  workStatus: WorkStatus;
}

/** Members are aged as of the 2023 periodic review the households come from. */
const REVIEW_YEAR = 2023;
// Invented names: common Vietnamese family, middle and given names combined at random.
const FAMILY = [
  "Nguyễn",
  "Nguyễn",
  "Nguyễn",
  "Trần",
  "Trần",
  "Lê",
  "Lê",
  "Phạm",
  "Huỳnh",
  "Võ",
  "Phan",
  "Trương",
  "Bùi",
  "Đặng",
  "Đỗ",
  "Ngô",
  "Hồ",
  "Dương",
  "Đinh",
  "Lương",
];
const MIDDLE: Record<Sex, string[]> = {
  MALE: ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công"],
  FEMALE: ["Thị", "Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh"],
};
const GIVEN: Record<Sex, string[]> = {
  MALE: [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khoa",
    "Long",
    "Lộc",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tài",
    "Thành",
    "Tuấn",
    "Vinh",
    "Đạt",
  ],
  FEMALE: [
    "Anh",
    "Bích",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
  ],
};
const BINH_DINH_ID_PREFIX = "052";

/**
 * A household's members, consistent with its needs: a child under 16 where nutrition is lacking, a
 * child out of school, a young adult without schooling, an uninsured member aged 6+, a working-age
 * member out of stable work; an elderly or disabled household where the cause is no labour.
 */
export function membersFor(random: SeededRandom, needs: HouseholdNeeds): MemberSeed[] {
  const has = (d: D) => needs.deprivations.includes(d);
  const family = random.pick(FAMILY);
  const members: MemberSeed[] = [];
  const add = (
    m: Omit<MemberSeed, "fullName" | "nationalIdNumber" | "hasHealthInsurance"> & {
      familyName?: string;
    },
  ) => {
    const { familyName, ...rest } = m;
    members.push({
      ...rest,
      fullName: `${familyName ?? family} ${random.pick(MIDDLE[m.sex])} ${random.pick(GIVEN[m.sex])}`,
      nationalIdNumber: nationalId(random, m.sex, m.birthYear),
      hasHealthInsurance: true,
    });
  };
  const headSex = random.next() < 0.6 ? Sex.MALE : Sex.FEMALE;
  const spouseSex = headSex === Sex.MALE ? Sex.FEMALE : Sex.MALE;

  if (needs.cause === PovertyCause.NO_LABOUR) {
    add({
      sex: headSex,
      birthYear: random.int(1936, 1958),
      relationToHead: RelationToHead.HEAD,
      educationLevel: EducationLevel.PRIMARY,
      attendingSchool: false,
      workStatus: WorkStatus.NOT_WORKING_AGE,
    });
    if (random.next() < 0.5) {
      add({
        sex: spouseSex,
        familyName: random.pick(FAMILY),
        birthYear: random.int(1938, 1960),
        relationToHead: RelationToHead.SPOUSE,
        educationLevel: EducationLevel.NONE,
        attendingSchool: false,
        workStatus: WorkStatus.UNABLE_TO_WORK,
      });
    }
  } else {
    const headWork = has(D.EMPLOYMENT)
      ? random.pick([WorkStatus.UNEMPLOYED, WorkStatus.UNSTABLE_WORK])
      : WorkStatus.STABLE_WORK;
    add({
      sex: headSex,
      birthYear: random.int(1965, 1992),
      relationToHead: RelationToHead.HEAD,
      educationLevel: random.pick([
        EducationLevel.PRIMARY,
        EducationLevel.LOWER_SECONDARY,
        EducationLevel.UPPER_SECONDARY,
      ]),
      attendingSchool: false,
      workStatus: headWork,
    });
    if (needs.cause === PovertyCause.ILLNESS_OR_ACCIDENT || random.next() < 0.6) {
      const spouseWork =
        needs.cause === PovertyCause.ILLNESS_OR_ACCIDENT
          ? WorkStatus.UNABLE_TO_WORK
          : WorkStatus.STABLE_WORK;
      add({
        sex: spouseSex,
        familyName: random.pick(FAMILY),
        birthYear: random.int(1965, 1994),
        relationToHead: RelationToHead.SPOUSE,
        educationLevel: EducationLevel.LOWER_SECONDARY,
        attendingSchool: false,
        workStatus: spouseWork,
      });
    }
  }

  const child = (birthYear: number, inSchool: boolean, educationLevel = EducationLevel.PRIMARY) =>
    add({
      sex: random.pick([Sex.MALE, Sex.FEMALE]),
      birthYear,
      relationToHead:
        members[0].workStatus === WorkStatus.NOT_WORKING_AGE
          ? RelationToHead.GRANDCHILD
          : RelationToHead.CHILD,
      educationLevel,
      attendingSchool: inSchool,
      workStatus: REVIEW_YEAR - birthYear < 15 ? WorkStatus.NOT_WORKING_AGE : WorkStatus.STUDENT,
    });
  if (has(D.NUTRITION)) {
    const birthYear = random.int(2013, 2021);
    child(birthYear, REVIEW_YEAR - birthYear >= 6);
  }
  if (has(D.CHILD_SCHOOL_ATTENDANCE)) child(random.int(2009, 2013), false);
  if (has(D.ADULT_EDUCATION)) {
    add({
      sex: random.pick([Sex.MALE, Sex.FEMALE]),
      birthYear: random.int(1995, 2005),
      relationToHead: RelationToHead.CHILD,
      educationLevel: random.pick([EducationLevel.NONE, EducationLevel.PRIMARY]),
      attendingSchool: false,
      workStatus: has(D.EMPLOYMENT) ? WorkStatus.UNSTABLE_WORK : WorkStatus.UNABLE_TO_WORK,
    });
  }
  if (needs.cause !== PovertyCause.NO_LABOUR) {
    for (let i = random.int(0, 2); i > 0; i--) {
      const birthYear = random.int(2005, 2022);
      child(
        birthYear,
        REVIEW_YEAR - birthYear >= 6,
        REVIEW_YEAR - birthYear >= 16 ? EducationLevel.UPPER_SECONDARY : EducationLevel.PRIMARY,
      );
    }
  }

  if (has(D.HEALTH_INSURANCE)) {
    const agedSixOrMore = members.filter((m) => REVIEW_YEAR - m.birthYear >= 6);
    random.pick(agedSixOrMore).hasHealthInsurance = false;
  }
  return members;
}

function nationalId(random: SeededRandom, sex: Sex, birthYear: number): string {
  const centuryAndSex = (birthYear >= 2000 ? 2 : 0) + (sex === Sex.FEMALE ? 1 : 0);
  const serial = String(random.int(0, 999_999)).padStart(6, "0");
  return `${BINH_DINH_ID_PREFIX}${centuryAndSex}${String(birthYear % 100).padStart(2, "0")}${serial}`;
}
