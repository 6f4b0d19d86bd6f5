export { RoutingRule, RoutingRuleVersion } from "./routing-rule.entity";
export { RoutingRuleService, createRule } from "./routing-rule.service";
export { RoutingService } from "./routing.service";
export { RoutingRuleResolver, RoutingRuleVersionResolver } from "./routing-rule.resolver";
export { RoutingResolver } from "./routing.resolver";
