import { isLeft, isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import { actors, command, HALL, hallDirectory } from '../org/hall.fixture';
import { createComplaintDecider, type ComplaintCommand } from './complaint';
import { createConsultationDecider, type ConsultationCommand } from './consultation';

const FRIDAY = '2025-09-26T10:00:00+08:00';
const complaints = createComplaintDecider({ directory: hallDirectory(), caseApplicant: (caseId) => (caseId === 'c1' ? 'app-ref-1' : undefined) });
const filing = { complaintId: 'k1', hallId: HALL, caseId: 'c1', channel: 'hotline', subject: { kind: 'window', id: 'w-market' }, content: '排队太久' };
const file = (data: Record<string, unknown>, actor: Parameters<typeof command>[2] = actors.applicant) => command('FileComplaint', data, actor, FRIDAY) as ComplaintCommand;

describe('complaints 投诉', () => {
  it('given a complaint filed on Friday before National Day, then the answer is due 3 working days later (Sun Sep 28 调休, Sep 29, Sep 30)', () => {
    const result = complaints.decide(file(filing), complaints.initialState());
    expect(isRight(result) && result.right).toEqual([{ type: 'ComplaintFiled', data: { ...filing, answerDueAt: '2025-09-30T17:30:00+08:00' } }]);
  });

  it('given another applicant’s case, when they complain about it, then forbidden auth.applicant.ownCaseOnly', () => {
    const result = complaints.decide(file(filing, actors.otherApplicant), complaints.initialState());
    expect(isLeft(result) && result.left).toMatchObject({ kind: 'forbidden', rule: 'auth.applicant.ownCaseOnly', streamId: 'complaint-k1' });
  });

  it('given an unknown subject, then notFound complaint.subject.registered', () => {
    const result = complaints.decide(file({ ...filing, subject: { kind: 'staff', id: 'ghost' } }), complaints.initialState());
    expect(isLeft(result) && result.left).toMatchObject({ kind: 'notFound', rule: 'complaint.subject.registered' });
  });

  it('given a filed complaint, when answered twice, then the second is conflict complaint.answer.once; an unfiled one is notFound', () => {
    const filed = complaints.evolve(complaints.initialState(), { type: 'ComplaintFiled', data: { ...filing, channel: 'hotline', subject: { kind: 'window', id: 'w-market' }, answerDueAt: '2025-09-30T17:30:00+08:00' }, occurredAt: FRIDAY, actor: actors.applicant });
    const answer = command('AnswerComplaint', { complaintId: 'k1', resolution: '已增开窗口' }, actors.supervisor, FRIDAY) as ComplaintCommand;
    const answered = complaints.decide(answer, filed);
    expect(isRight(answered)).toBe(true);
    const after = complaints.evolve(filed, { type: 'ComplaintAnswered', data: { complaintId: 'k1', resolution: '已增开窗口' }, occurredAt: FRIDAY, actor: actors.supervisor });
    const twice = complaints.decide(answer, after);
    expect(isLeft(twice) && twice.left).toMatchObject({ kind: 'conflict', rule: 'complaint.answer.once' });
    const unfiled = complaints.decide(answer, complaints.initialState());
    expect(isLeft(unfiled) && unfiled.left).toMatchObject({ kind: 'notFound', rule: 'complaint.filedFirst' });
  });

  it('given an auditor, when answering, then forbidden auth.readOnlyRole', () => {
    const answer = command('AnswerComplaint', { complaintId: 'k1', resolution: 'r' }, actors.auditor, FRIDAY) as ComplaintCommand;
    const filed = complaints.evolve(complaints.initialState(), { type: 'ComplaintFiled', data: { ...filing, channel: 'hotline', subject: { kind: 'window', id: 'w-market' }, answerDueAt: FRIDAY }, occurredAt: FRIDAY, actor: actors.applicant });
    const result = complaints.decide(answer, filed);
    expect(isLeft(result) && result.left).toMatchObject({ kind: 'forbidden', rule: 'auth.readOnlyRole' });
  });
});

describe('consultations 咨询', () => {
  const consultations = createConsultationDecider({ directory: hallDirectory() });
  const record = (data: Record<string, unknown>) => command('RecordConsultation', { consultationId: 'q1', hallId: HALL, topic: '开办企业', ...data }, actors.general, FRIDAY) as ConsultationCommand;

  it('given a known item, when recorded, then ConsultationRecorded; the same id again is conflict consultation.id.unique', () => {
    const first = consultations.decide(record({ itemCode: 'P1' }), consultations.initialState());
    expect(isRight(first) && first.right[0]?.type).toBe('ConsultationRecorded');
    const state = consultations.evolve(consultations.initialState(), { type: 'ConsultationRecorded', data: { consultationId: 'q1', hallId: HALL, topic: 't' }, occurredAt: FRIDAY, actor: actors.general });
    const again = consultations.decide(record({}), state);
    expect(isLeft(again) && again.left).toMatchObject({ kind: 'conflict', rule: 'consultation.id.unique', streamId: 'consultation-q1' });
  });

  it('given an unknown item, then notFound consultation.item.defined', () => {
    const result = consultations.decide(record({ itemCode: 'NOPE' }), consultations.initialState());
    expect(isLeft(result) && result.left).toMatchObject({ kind: 'notFound', rule: 'consultation.item.defined' });
  });
});
