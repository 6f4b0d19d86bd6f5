export { AdministrativeChange } from "./administrative-change.entity";
export {
  AdministrativeChangeService,
  WARD_CHANGE_ACTOR,
  WARD_MAP_LOCK,
} from "./administrative-change.service";
export { AdministrativeChangeResolver } from "./administrative-change.resolver";
