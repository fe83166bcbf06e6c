export { caseSummaryAt, isOpenAt, type CaseSummary, type SummaryClock, type SummaryOptions, type SummaryState } from './summary';
