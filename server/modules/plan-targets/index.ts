export { PlanTarget, TargetMetric, TargetUnit } from "./plan-target.entity";
export { PlanTargetService, createTargets } from "./plan-target.service";
export { PlanTargetFilter } from "./plan-target.inputs";
export { PlanTargetResolver } from "./plan-target.resolver";
