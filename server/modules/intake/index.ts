export { HouseholdIntakeService, type ImportRequest } from "./household-intake.service";
export { IntakeResolver } from "./intake.resolver";
export { ImportReport } from "./intake.types";
export { xlsxTemplate, csvTemplate } from "./intake-template";
export { MAX_FILE_BYTES, readSpreadsheet, type SheetContent } from "./spreadsheet-file";
export { readUpload, type FileUpload } from "./upload";
export { ImportIssue } from "./intake.types";
export type { CellValue } from "./intake-columns";
