import { AgencyKind } from "../agencies";

export interface AgencySeed {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: AgencyKind;
  isSecretariat?: boolean;
}

/** The agencies of the plan's section V, and the partner it names. Wards' People's Committees are added per ward. */
export const agencySeeds: AgencySeed[] = [
  {
    code: "LABOUR",
    nameVi: "Phòng Lao động – Thương binh và Xã hội",
    nameEn: "Division of Labour, Invalids and Social Affairs",
    kind: AgencyKind.CITY_DEPARTMENT,
    isSecretariat: true,
  },
  {
    code: "FINANCE_PLANNING",
    nameVi: "Phòng Tài chính – Kế hoạch",
    nameEn: "Division of Finance and Planning",
    kind: AgencyKind.CITY_DEPARTMENT,
  },
  {
    code: "ECONOMY",
    nameVi: "Phòng Kinh tế",
    nameEn: "Division of Economy",
    kind: AgencyKind.CITY_DEPARTMENT,
  },
  {
    code: "HEALTH_CENTRE",
    nameVi: "Trung tâm Y tế thành phố",
    nameEn: "City Health Centre",
    kind: AgencyKind.CITY_DEPARTMENT,
  },
  {
    code: "CULTURE_INFORMATION",
    nameVi: "Phòng Văn hóa – Thông tin",
    nameEn: "Division of Culture and Information",
    kind: AgencyKind.CITY_DEPARTMENT,
  },
  {
    code: "OTHER_DEPARTMENTS",
    nameVi: "Các phòng, ban, ngành khác của thành phố",
    nameEn: "Other city departments (e.g. education)",
    kind: AgencyKind.CITY_DEPARTMENT,
  },
  {
    code: "SOCIAL_POLICY_BANK",
    nameVi: "Ngân hàng Chính sách xã hội tỉnh Bình Định",
    nameEn: "Vietnam Bank for Social Policies, Bình Định branch",
    kind: AgencyKind.PROVINCIAL_PARTNER,
  },
  {
    code: "EMPLOYMENT_SERVICE_CENTRE",
    nameVi: "Trung tâm Dịch vụ việc làm Bình Định",
    nameEn: "Bình Định Employment Service Centre",
    kind: AgencyKind.PROVINCIAL_PARTNER,
  },
  {
    code: "FATHERLAND_FRONT",
    nameVi: "Ủy ban MTTQ Việt Nam thành phố và các hội, đoàn thể",
    nameEn: "Vietnam Fatherland Front committee and mass organisations",
    kind: AgencyKind.MASS_ORGANISATION,
  },
];

export const wardAgencyCode = (wardCode: string) => `WARD:${wardCode}`;
