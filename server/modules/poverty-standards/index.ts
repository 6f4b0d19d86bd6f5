export { PovertyStandard } from "./poverty-standard.entity";
export { PovertyStandardService } from "./poverty-standard.service";
export {
  PovertyStandardResolver,
  ClassificationIssueConnectionResolver,
} from "./poverty-standard.resolver";
