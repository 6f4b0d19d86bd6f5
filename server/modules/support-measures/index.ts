export { SupportMeasure, BeneficiaryUnit } from "./support-measure.entity";
export { SupportMeasureService, createMeasures } from "./support-measure.service";
export { SupportMeasureResolver } from "./support-measure.resolver";
