import { todayIso } from "../../shared/dates";
import type { MessageParams } from "../../shared/i18n";
import { foldVietnamese } from "../../shared/text-folding";
import {
  Area,
  Classification,
  DeprivationIndicator,
  EducationLevel,
  PovertyCause,
  RelationToHead,
  Sex,
  WorkStatus,
} from "../households";

/** A cell's value as read from the file: text, or a number when the spreadsheet stored one. */
export type CellValue = string | number;

/** Why a cell cannot be taken: a catalogue key (`intake.issue.*`) and its parameters. */
export interface Reason {
  key: string;
  params?: MessageParams;
}

/** A parsed value, or why the cell cannot be taken. */
export type Parsed<T> = { value: T } | { error: Reason };

export interface IntakeColumn<T = unknown> {
  key: string;
  /** The header in the template (Vietnamese). */
  header: string;
  /** Household columns are read from a household's first row; member columns from every row. */
  level: "household" | "member";
  required: boolean;
  /** The values accepted, as the template lists them: in Vietnamese, English beside. What the column holds is the catalogue's `template.note.<key>`. */
  accepted: string;
  /** Parses a non-blank cell. */
  parse(cell: CellValue): Parsed<T>;
}

const thisYear = () => Number(todayIso().slice(0, 4));

/** A parser taking one of the listed words (folded: case and diacritics are ignored) or the value's own code. */
function oneOf<T extends string | number>(
  choices: Record<string, T>,
  codes: readonly T[],
  what: string,
): (cell: CellValue) => Parsed<T> {
  const byWord = new Map<string, T>();
  for (const [word, value] of Object.entries(choices)) byWord.set(foldVietnamese(word), value);
  for (const code of codes) byWord.set(foldVietnamese(String(code).replace(/_/g, " ")), code);
  return (cell) => {
    const value = byWord.get(foldVietnamese(String(cell).replace(/_/g, " ")));
    return value === undefined
      ? {
          error: {
            key: "intake.issue.notOneOf",
            params: { what, words: Object.keys(choices).join(", ") },
          },
        }
      : { value };
  };
}

const YES = ["x", "1", "có", "yes", "true"];
const NO = ["0", "không", "no", "false", "-"];
function yesNo(cell: CellValue): Parsed<boolean> {
  const folded = foldVietnamese(String(cell));
  if (YES.map(foldVietnamese).includes(folded)) return { value: true };
  if (NO.map(foldVietnamese).includes(folded)) return { value: false };
  return { error: { key: "intake.issue.yesNo" } };
}

function wholeNumber(
  min: number,
  max: number,
  unit: "vnd" | "points",
): (cell: CellValue) => Parsed<number> {
  return (cell): Parsed<number> => {
    // Text amounts may carry Vietnamese (1.500.000) or English (1,500,000) thousands separators.
    const text =
      typeof cell === "number" ? String(cell) : cell.replace(/[.,\s](?=\d{3}(\D|$))/g, "");
    const value = Number(text);
    if (!/^-?\d+(\.0+)?$/.test(text) || !Number.isSafeInteger(value))
      return { error: { key: "intake.issue.wholeNumber", params: { unit } } };
    if (value < min || value > max)
      return { error: { key: "intake.issue.between", params: { min, max, unit } } };
    return { value };
  };
}

/**
 * A year of birth, written alone (1975) or as the date of birth: dd/mm/yyyy as Vietnamese papers
 * give it, or yyyy-mm-dd (what a date-formatted Excel cell reads as).
 */
function birthYear(cell: CellValue): Parsed<number> {
  const text = String(cell).trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = vn
    ? `${vn[3]}-${vn[2].padStart(2, "0")}-${vn[1].padStart(2, "0")}`
    : /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? text
      : null;
  const realDate =
    iso === null ||
    (!Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) &&
      new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso));
  const value = realDate ? Number(iso === null ? text : iso.slice(0, 4)) : NaN;
  return Number.isInteger(value) && value >= 1900 && value <= thisYear()
    ? { value }
    : { error: { key: "intake.issue.birthYear", params: { max: thisYear() } } };
}

function text(max: number): (cell: CellValue) => Parsed<string> {
  return (cell) => {
    const value = String(cell).replace(/\s+/g, " ").trim();
    return value.length > max
      ? { error: { key: "intake.issue.tooLong", params: { max } } }
      : { value };
  };
}

function householdCode(cell: CellValue): Parsed<string> {
  const value = String(cell).trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9-]{0,63}$/.test(value)
    ? { value }
    : { error: { key: "intake.issue.householdCode" } };
}

function nationalId(cell: CellValue): Parsed<string> {
  if (typeof cell === "number") return { error: { key: "intake.issue.idAsNumber" } };
  const value = cell.replace(/\s/g, "");
  return /^[0-9]{12}$/.test(value) ? { value } : { error: { key: "intake.issue.nationalId" } };
}

function povertyCauses(cell: CellValue): Parsed<PovertyCause[]> {
  const parts = String(cell)
    .split(/[;,\s]+/)
    .filter(Boolean);
  const codes = parts.map(Number);
  if (parts.length === 0 || codes.some((c) => !Number.isInteger(c) || c < 1 || c > 8))
    return { error: { key: "intake.issue.povertyCauses" } };
  return { value: [...new Set(codes)].sort((a, b) => a - b) as PovertyCause[] };
}

const col = <T>(c: IntakeColumn<T>): IntakeColumn<T> => c;

/** The 12 indicators' columns, in the decree's order. */
export const DEPRIVATION_COLUMNS: [DeprivationIndicator, IntakeColumn<boolean>][] = (
  [
    [DeprivationIndicator.EMPLOYMENT, "Thiếu hụt: Việc làm"],
    [DeprivationIndicator.DEPENDANTS, "Thiếu hụt: Người phụ thuộc"],
    [DeprivationIndicator.NUTRITION, "Thiếu hụt: Dinh dưỡng"],
    [DeprivationIndicator.HEALTH_INSURANCE, "Thiếu hụt: Bảo hiểm y tế"],
    [DeprivationIndicator.ADULT_EDUCATION, "Thiếu hụt: Trình độ giáo dục người lớn"],
    [DeprivationIndicator.CHILD_SCHOOL_ATTENDANCE, "Thiếu hụt: Tình trạng đi học của trẻ em"],
    [DeprivationIndicator.HOUSING_QUALITY, "Thiếu hụt: Chất lượng nhà ở"],
    [DeprivationIndicator.HOUSING_AREA, "Thiếu hụt: Diện tích nhà ở bình quân đầu người"],
    [DeprivationIndicator.DOMESTIC_WATER, "Thiếu hụt: Nguồn nước sinh hoạt"],
    [DeprivationIndicator.HYGIENIC_LATRINE, "Thiếu hụt: Nhà tiêu hợp vệ sinh"],
    [DeprivationIndicator.TELECOM_SERVICES, "Thiếu hụt: Sử dụng dịch vụ viễn thông"],
    [DeprivationIndicator.INFORMATION_ACCESS_MEANS, "Thiếu hụt: Phương tiện tiếp cận thông tin"],
  ] as const
).map(([indicator, header]) => [
  indicator,
  col({
    key: `deprivation.${indicator}`,
    header,
    level: "household",
    required: false,
    accepted: "x / có; để trống / không (x / có; blank / không)",
    parse: yesNo,
  }),
]);

/** The template's columns, in its order. Headers are matched ignoring case and diacritics. */
export const INTAKE_COLUMNS = {
  householdCode: col({
    key: "householdCode",
    header: "Mã hộ",
    level: "member",
    required: true,
    accepted: "chữ in hoa, chữ số, dấu gạch ngang (capitals, digits, hyphens)",
    parse: householdCode,
  }),
  address: col({
    key: "address",
    header: "Địa chỉ",
    level: "household",
    required: true,
    accepted: "văn bản, tối đa 300 ký tự (text, up to 300 characters)",
    parse: text(300),
  }),
  area: col({
    key: "area",
    header: "Khu vực",
    level: "household",
    required: false,
    accepted: "Thành thị, Nông thôn",
    parse: oneOf({ "Thành thị": Area.URBAN, "Nông thôn": Area.RURAL }, Object.values(Area), "area"),
  }),
  classification: col({
    key: "classification",
    header: "Phân loại hộ",
    level: "household",
    required: true,
    accepted: "Hộ nghèo, Hộ cận nghèo, Không nghèo",
    parse: oneOf(
      {
        "Hộ nghèo": Classification.POOR,
        Nghèo: Classification.POOR,
        "Hộ cận nghèo": Classification.NEAR_POOR,
        "Cận nghèo": Classification.NEAR_POOR,
        "Không nghèo": Classification.NOT_POOR,
        "Thoát nghèo": Classification.NOT_POOR,
        "Thoát cận nghèo": Classification.NOT_POOR,
      },
      Object.values(Classification),
      "classification",
    ),
  }),
  incomePerPersonMonthly: col({
    key: "incomePerPersonMonthly",
    header: "Thu nhập bình quân (đồng/người/tháng)",
    level: "household",
    required: false,
    accepted: "số đồng chẵn, ví dụ 1.200.000 (whole VND)",
    parse: wholeNumber(0, 1_000_000_000, "vnd"),
  }),
  incomeScore: col({
    key: "incomeScore",
    header: "Điểm thu nhập (điểm A)",
    level: "household",
    required: false,
    accepted: "số điểm nguyên (whole points)",
    parse: wholeNumber(0, 1000, "points"),
  }),
  povertyCauses: col({
    key: "povertyCauses",
    header: "Nguyên nhân nghèo",
    level: "household",
    required: false,
    accepted: "1–8, cách nhau bằng dấu ; (1–8 separated by ;)",
    parse: povertyCauses,
  }),
  fullName: col({
    key: "fullName",
    header: "Họ và tên",
    level: "member",
    required: true,
    accepted: "văn bản, tối đa 200 ký tự (text, up to 200 characters)",
    parse: text(200),
  }),
  birthYear: col({
    key: "birthYear",
    header: "Năm sinh",
    level: "member",
    required: true,
    accepted:
      "năm, hoặc ngày sinh dd/mm/yyyy, ví dụ 1975 hoặc 15/03/1975 (a year, or the date of birth)",
    parse: birthYear,
  }),
  sex: col({
    key: "sex",
    header: "Giới tính",
    level: "member",
    required: true,
    accepted: "Nam, Nữ",
    parse: oneOf({ Nam: Sex.MALE, Nữ: Sex.FEMALE }, Object.values(Sex), "sex"),
  }),
  relationToHead: col({
    key: "relationToHead",
    header: "Quan hệ với chủ hộ",
    level: "member",
    required: true,
    accepted: "Chủ hộ, Vợ/Chồng, Con, Cha/Mẹ, Cháu, Anh/Chị/Em, Khác",
    parse: oneOf(
      {
        "Chủ hộ": RelationToHead.HEAD,
        "Vợ/Chồng": RelationToHead.SPOUSE,
        Vợ: RelationToHead.SPOUSE,
        Chồng: RelationToHead.SPOUSE,
        Con: RelationToHead.CHILD,
        "Cha/Mẹ": RelationToHead.PARENT,
        Cha: RelationToHead.PARENT,
        Mẹ: RelationToHead.PARENT,
        Cháu: RelationToHead.GRANDCHILD,
        "Anh/Chị/Em": RelationToHead.SIBLING,
        Khác: RelationToHead.OTHER_RELATIVE,
      },
      Object.values(RelationToHead),
      "relation",
    ),
  }),
  nationalIdNumber: col({
    key: "nationalIdNumber",
    header: "Số CCCD",
    level: "member",
    required: false,
    accepted: "12 chữ số (12 digits)",
    parse: nationalId,
  }),
  hasHealthInsurance: col({
    key: "hasHealthInsurance",
    header: "Có thẻ BHYT",
    level: "member",
    required: true,
    accepted: "x / có; không",
    parse: yesNo,
  }),
  educationLevel: col({
    key: "educationLevel",
    header: "Trình độ học vấn",
    level: "member",
    required: true,
    accepted: "Chưa đi học, Tiểu học, THCS, THPT, Nghề, Cao đẳng/Đại học",
    parse: oneOf(
      {
        "Chưa đi học": EducationLevel.NONE,
        "Tiểu học": EducationLevel.PRIMARY,
        THCS: EducationLevel.LOWER_SECONDARY,
        "Trung học cơ sở": EducationLevel.LOWER_SECONDARY,
        THPT: EducationLevel.UPPER_SECONDARY,
        "Trung học phổ thông": EducationLevel.UPPER_SECONDARY,
        Nghề: EducationLevel.VOCATIONAL,
        "Trung cấp": EducationLevel.VOCATIONAL,
        "Cao đẳng/Đại học": EducationLevel.HIGHER,
        "Đại học": EducationLevel.HIGHER,
        "Cao đẳng": EducationLevel.HIGHER,
      },
      Object.values(EducationLevel),
      "schooling",
    ),
  }),
  attendingSchool: col({
    key: "attendingSchool",
    header: "Đang đi học",
    level: "member",
    required: false,
    accepted: "x / có; để trống / không (x / có; blank / không)",
    parse: yesNo,
  }),
  workStatus: col({
    key: "workStatus",
    header: "Tình trạng việc làm",
    level: "member",
    required: true,
    accepted:
      "Ổn định, Không ổn định, Thất nghiệp, Đang đi học, Ngoài tuổi lao động, Không có khả năng lao động",
    parse: oneOf(
      {
        "Ổn định": WorkStatus.STABLE_WORK,
        "Không ổn định": WorkStatus.UNSTABLE_WORK,
        "Thất nghiệp": WorkStatus.UNEMPLOYED,
        "Đang đi học": WorkStatus.STUDENT,
        "Học sinh": WorkStatus.STUDENT,
        "Sinh viên": WorkStatus.STUDENT,
        "Ngoài tuổi lao động": WorkStatus.NOT_WORKING_AGE,
        "Không có khả năng lao động": WorkStatus.UNABLE_TO_WORK,
      },
      Object.values(WorkStatus),
      "work",
    ),
  }),
};

/** Every column of the template, in its order: household code, household fields, the 12 indicators, causes, member fields. */
export const TEMPLATE_COLUMNS: IntakeColumn[] = [
  INTAKE_COLUMNS.householdCode,
  INTAKE_COLUMNS.address,
  INTAKE_COLUMNS.area,
  INTAKE_COLUMNS.classification,
  INTAKE_COLUMNS.incomePerPersonMonthly,
  INTAKE_COLUMNS.incomeScore,
  ...DEPRIVATION_COLUMNS.map(([, c]) => c),
  INTAKE_COLUMNS.povertyCauses,
  INTAKE_COLUMNS.fullName,
  INTAKE_COLUMNS.birthYear,
  INTAKE_COLUMNS.sex,
  INTAKE_COLUMNS.relationToHead,
  INTAKE_COLUMNS.nationalIdNumber,
  INTAKE_COLUMNS.hasHealthInsurance,
  INTAKE_COLUMNS.educationLevel,
  INTAKE_COLUMNS.attendingSchool,
  INTAKE_COLUMNS.workStatus,
] as IntakeColumn[];

/** The sheet of an XLSX file that holds the list. */
export const LIST_SHEET = "Danh sách hộ";
