export { AdministrativeChange } from "./administrative-change.entity";
export { AdministrativeChangeService } from "./administrative-change.service";
export { AdministrativeChangeResolver } from "./administrative-change.resolver";
