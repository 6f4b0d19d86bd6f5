/** The years of plan 139/KH-UBND (2024–2025), newest first: plans, forecasts and progress are per year. */
export const PLAN_YEARS = [2025, 2024] as const;
