export { HouseholdIntakeService, type ImportRequest } from "./household-intake.service";
export { IntakeResolver } from "./intake.resolver";
export { ImportReport } from "./intake.types";
export { xlsxTemplate, csvTemplate } from "./intake-template";
export { MAX_FILE_BYTES } from "./spreadsheet-file";
