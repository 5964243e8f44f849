import type { PermitsConfig, SiteCalendar } from '../permits/index.js';

/**
 * The site calendar the permit lifecycle upgrades hot work by (GB 30871-2022 §5.1.1): night as configured,
 * and rest days — Saturdays and Sundays (公休日) and the configured public holidays (节假日), except the
 * weekend days the year's schedule makes working days (调休). `localDate` is YYYY-MM-DD in site time.
 */
export function siteCalendarOf(config: PermitsConfig): SiteCalendar {
  const holidays = new Set(config.holidays);
  const workingWeekendDays = new Set(config.workingWeekendDays);
  return {
    utcOffsetMin: config.utcOffsetMin,
    nightStartMin: config.nightStartMin,
    nightEndMin: config.nightEndMin,
    isRestDay: (localDate) => {
      if (holidays.has(localDate)) return true;
      const weekday = new Date(`${localDate}T00:00:00Z`).getUTCDay();
      return (weekday === 0 || weekday === 6) && !workingWeekendDays.has(localDate);
    },
  };
}
