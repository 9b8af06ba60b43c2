// When the front desk may check someone in: shared by the rule (src/domain/booking.ts) and the rows that
// show the button, so a row never offers what the server would refuse.

/** Check-in opens this long before the start: people are checked in as they arrive, not days ahead. */
export const CHECK_IN_OPENS_HOURS = 2;

export const checkInOpensAt = (startTime: Date) => new Date(startTime.getTime() - CHECK_IN_OPENS_HOURS * 3_600_000);
