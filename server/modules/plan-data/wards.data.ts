import { WardKind } from "../wards";

export interface WardSeed {
  code: string;
  name: string;
  kind: WardKind;
  /** Demo estimate of total households in 2024 (the plan's appendix with the real figures is not at hand). */
  householdsTotal2024: number;
  /** Demo households on the 2024 list (poor / near-poor); poor only in the 5 targeted and 4 other localities. */
  poor: number;
  nearPoor: number;
}

const { PHUONG, XA } = WardKind;

/** The 21 wards and communes of Quy Nhơn in 2024, GSO codes (city code 540). */
export const wardSeeds: WardSeed[] = [
  {
    code: "21550",
    name: "Nhơn Bình",
    kind: PHUONG,
    householdsTotal2024: 5_620,
    poor: 3,
    nearPoor: 12,
  },
  {
    code: "21553",
    name: "Nhơn Phú",
    kind: PHUONG,
    householdsTotal2024: 5_310,
    poor: 2,
    nearPoor: 10,
  },
  {
    code: "21556",
    name: "Đống Đa",
    kind: PHUONG,
    householdsTotal2024: 6_480,
    poor: 0,
    nearPoor: 6,
  },
  {
    code: "21559",
    name: "Trần Quang Diệu",
    kind: PHUONG,
    householdsTotal2024: 4_870,
    poor: 2,
    nearPoor: 8,
  },
  {
    code: "21562",
    name: "Hải Cảng",
    kind: PHUONG,
    householdsTotal2024: 4_950,
    poor: 0,
    nearPoor: 5,
  },
  {
    code: "21565",
    name: "Quang Trung",
    kind: PHUONG,
    householdsTotal2024: 5_740,
    poor: 2,
    nearPoor: 6,
  },
  {
    code: "21568",
    name: "Thị Nại",
    kind: PHUONG,
    householdsTotal2024: 3_260,
    poor: 0,
    nearPoor: 4,
  },
  {
    code: "21571",
    name: "Lê Hồng Phong",
    kind: PHUONG,
    householdsTotal2024: 2_410,
    poor: 0,
    nearPoor: 2,
  },
  {
    code: "21574",
    name: "Trần Hưng Đạo",
    kind: PHUONG,
    householdsTotal2024: 2_180,
    poor: 0,
    nearPoor: 2,
  },
  {
    code: "21577",
    name: "Ngô Mây",
    kind: PHUONG,
    householdsTotal2024: 4_020,
    poor: 0,
    nearPoor: 4,
  },
  {
    code: "21580",
    name: "Lý Thường Kiệt",
    kind: PHUONG,
    householdsTotal2024: 2_350,
    poor: 0,
    nearPoor: 3,
  },
  { code: "21583", name: "Lê Lợi", kind: PHUONG, householdsTotal2024: 2_290, poor: 0, nearPoor: 2 },
  {
    code: "21586",
    name: "Trần Phú",
    kind: PHUONG,
    householdsTotal2024: 3_140,
    poor: 0,
    nearPoor: 3,
  },
  {
    code: "21589",
    name: "Bùi Thị Xuân",
    kind: PHUONG,
    householdsTotal2024: 4_760,
    poor: 8,
    nearPoor: 18,
  },
  {
    code: "21592",
    name: "Nguyễn Văn Cừ",
    kind: PHUONG,
    householdsTotal2024: 3_380,
    poor: 0,
    nearPoor: 5,
  },
  {
    code: "21595",
    name: "Ghềnh Ráng",
    kind: PHUONG,
    householdsTotal2024: 4_690,
    poor: 0,
    nearPoor: 8,
  },
  { code: "21598", name: "Nhơn Lý", kind: XA, householdsTotal2024: 1_980, poor: 8, nearPoor: 16 },
  { code: "21601", name: "Nhơn Hội", kind: XA, householdsTotal2024: 1_720, poor: 0, nearPoor: 9 },
  { code: "21604", name: "Nhơn Hải", kind: XA, householdsTotal2024: 1_560, poor: 3, nearPoor: 11 },
  { code: "21607", name: "Nhơn Châu", kind: XA, householdsTotal2024: 640, poor: 8, nearPoor: 10 },
  { code: "21991", name: "Phước Mỹ", kind: XA, householdsTotal2024: 2_350, poor: 8, nearPoor: 11 },
];

/** The five localities the plan brings to zero poor households in 2024 (section II.2). */
export const wardsToClearIn2024 = ["21559", "21550", "21553", "21565", "21604"];

/**
 * The 12 wards/communes the plan keeps at zero poor households (section II.2). The plan's appendix
 * naming them is not at hand: they are the wards with no poor household in the 2023 baseline review.
 */
export const wardsKeptAtZero = wardSeeds.filter((w) => w.poor === 0).map((w) => w.code);
