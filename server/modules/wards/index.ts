export { Ward, WardHouseholdTotal, WardKind } from "./ward.entity";
export {
  WardService,
  createWards,
  endWards,
  openWard,
  recordHouseholdTotals,
} from "./ward.service";
export { WardResolver } from "./ward.resolver";
export { wardCodesSql } from "./ward-codes.sql";
