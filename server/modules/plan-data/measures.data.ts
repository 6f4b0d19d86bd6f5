import { BeneficiaryUnit } from "../support-measures";

export interface MeasureSeed {
  code: string;
  nameVi: string;
  nameEn: string;
  leadAgency: string;
  project?: number;
  subProject?: number;
  unit: BeneficiaryUnit;
  legalBasis?: string;
  /** Days from routing to the default due date (demo values: the plan sets none). */
  dueDays: number;
}

const { HOUSEHOLD, WORKER, PERSON } = BeneficiaryUnit;

/** The plan's support measures (sections III.3–III.5, V) and where they sit in the national target programme (Decision 90/QĐ-TTg). */
export const measureSeeds: MeasureSeed[] = [
  {
    code: "JOB_REFERRAL",
    nameVi: "Tư vấn, giới thiệu việc làm",
    nameEn: "Job referral",
    leadAgency: "LABOUR",
    project: 4,
    subProject: 3,
    unit: WORKER,
    dueDays: 60,
  },
  {
    code: "VOCATIONAL_TRAINING",
    nameVi: "Đào tạo, bồi dưỡng nghề",
    nameEn: "Vocational training",
    leadAgency: "LABOUR",
    project: 4,
    subProject: 1,
    unit: WORKER,
    dueDays: 180,
  },
  {
    code: "PREFERENTIAL_LOAN",
    nameVi: "Cho vay vốn ưu đãi",
    nameEn: "Preferential loan",
    leadAgency: "SOCIAL_POLICY_BANK",
    unit: HOUSEHOLD,
    dueDays: 60,
  },
  {
    code: "COMMUNITY_PRODUCTION_PROJECT",
    nameVi: "Dự án phát triển sản xuất cộng đồng",
    nameEn: "Community production project",
    leadAgency: "LABOUR",
    project: 2,
    unit: HOUSEHOLD,
    dueDays: 365,
  },
  {
    code: "AGRICULTURAL_PRODUCTION_SUPPORT",
    nameVi: "Hỗ trợ phát triển sản xuất nông – lâm – thủy sản",
    nameEn: "Agricultural, forestry and fisheries production support",
    leadAgency: "ECONOMY",
    project: 3,
    subProject: 1,
    unit: HOUSEHOLD,
    dueDays: 365,
  },
  {
    code: "HEALTH_INSURANCE_CARD",
    nameVi: "Hỗ trợ thẻ bảo hiểm y tế",
    nameEn: "Health-insurance card support",
    leadAgency: "LABOUR",
    unit: PERSON,
    legalBasis: "Luật Bảo hiểm y tế 2014; Nghị quyết 18/2023/NQ-HĐND tỉnh Bình Định",
    dueDays: 30,
  },
  {
    code: "NUTRITION_SUPPORT",
    nameVi: "Cải thiện dinh dưỡng cho trẻ em dưới 16 tuổi",
    nameEn: "Nutrition support for children under 16",
    leadAgency: "HEALTH_CENTRE",
    project: 3,
    subProject: 2,
    unit: HOUSEHOLD,
    dueDays: 90,
  },
  {
    code: "SCHOOL_SUPPORT",
    nameVi: "Hỗ trợ trẻ em đi học đúng độ tuổi",
    nameEn: "Support to stay in school",
    leadAgency: "OTHER_DEPARTMENTS",
    unit: PERSON,
    dueDays: 60,
  },
  {
    code: "HOUSING_BUILD_REPAIR",
    nameVi: "Hỗ trợ xây mới, sửa chữa nhà ở",
    nameEn: "Housing build or repair",
    leadAgency: "FATHERLAND_FRONT",
    unit: HOUSEHOLD,
    legalBasis: "Quyết định 3336/QĐ-UBND 2023 của UBND tỉnh (đề án hỗ trợ nhà ở)",
    dueDays: 365,
  },
  {
    code: "HYGIENIC_LATRINE",
    nameVi: "Hỗ trợ xây dựng nhà tiêu hợp vệ sinh",
    nameEn: "Hygienic latrine",
    leadAgency: "SOCIAL_POLICY_BANK",
    unit: HOUSEHOLD,
    dueDays: 180,
  },
  {
    code: "INTERNET_ACCESS",
    nameVi: "Hỗ trợ sử dụng dịch vụ viễn thông, internet",
    nameEn: "Internet access support",
    leadAgency: "CULTURE_INFORMATION",
    project: 6,
    subProject: 1,
    unit: HOUSEHOLD,
    dueDays: 60,
  },
  {
    code: "INFORMATION_DEVICE",
    nameVi: "Hỗ trợ phương tiện tiếp cận thông tin",
    nameEn: "Information access device",
    leadAgency: "CULTURE_INFORMATION",
    project: 6,
    subProject: 1,
    unit: HOUSEHOLD,
    dueDays: 90,
  },
  {
    code: "DOMESTIC_WATER_SUPPORT",
    nameVi: "Hỗ trợ nước sinh hoạt",
    nameEn: "Domestic water support",
    leadAgency: "FATHERLAND_FRONT",
    unit: HOUSEHOLD,
    dueDays: 180,
  },
  {
    code: "MONTHLY_SOCIAL_ASSISTANCE",
    nameVi: "Trợ giúp xã hội hằng tháng",
    nameEn: "Monthly social assistance",
    leadAgency: "LABOUR",
    unit: PERSON,
    dueDays: 30,
  },
];
