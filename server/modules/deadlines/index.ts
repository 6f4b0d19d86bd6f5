export { OverdueEscalationService, OVERDUE_STEPS_DAYS } from "./overdue-escalation.service";
