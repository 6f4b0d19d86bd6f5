export { HouseholdIntakeService, type ImportRequest } from "./household-intake.service";
export { IntakeResolver } from "./intake.resolver";
export { ImportReport } from "./intake.types";
export { xlsxTemplate, csvTemplate } from "./intake-template";
export { MAX_FILE_BYTES, readSpreadsheet, type SheetContent } from "./spreadsheet-file";
export { readUpload, type FileUpload } from "./upload";
export { ImportIssue, importIssue } from "./intake.types";
export type { CellValue, Reason } from "./intake-columns";
export type { RowIssue } from "./household-rows";
