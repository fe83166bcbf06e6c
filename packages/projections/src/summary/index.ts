export { ladderPosition, type ClockSpan, type LadderPosition } from './ladder';
export { caseSummaryAt, isOpenAt, type CaseSummary, type SummaryClock, type SummaryOptions, type SummaryState } from './summary';
