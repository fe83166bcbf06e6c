/** The append benches' workload: the real case decider over a hall set up through commands (now in the core test kit). */
export { createHallWorkload, STEPS_PER_CASE, type HallWorkload } from '@banjian/core/testkit';
