export {
  ESCALATION_ACTOR,
  OverdueEscalationService,
  OVERDUE_STEPS_DAYS,
} from "./overdue-escalation.service";
