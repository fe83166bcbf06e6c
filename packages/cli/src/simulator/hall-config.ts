import type { CaseKind, HallLevel, HallPolicy, Limits, StaffRole, WindowKind } from '@banjian/core';

export interface DepartmentConfig {
  readonly departmentId: string;
  readonly name: string;
}

export interface WindowConfig {
  readonly windowId: string;
  readonly kind: WindowKind;
  readonly departmentId?: string;
  /** Evaluation devices 评价器 installed at the window. */
  readonly devices: number;
}

export interface StaffConfig {
  readonly staffId: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly departmentId?: string;
  readonly windowId?: string;
}

/** A service item 事项 as the simulated hall defines it, with how often it is applied for. */
export interface ItemConfig {
  readonly itemCode: string;
  readonly name: string;
  readonly departmentId: string;
  readonly kind: CaseKind;
  readonly limits: Limits;
  /** Relative popularity: the share of applications is weight / Σ weights of the hall. */
  readonly weight: number;
  /** Investment projects 投资项目 (their applications carry an amount). */
  readonly investment?: boolean;
}

/** One hall of the simulated tree: a county 政务服务中心 or a township 便民服务中心. */
export interface HallConfig {
  readonly hallId: string;
  readonly name: string;
  readonly level: HallLevel;
  readonly parentId?: string;
  readonly departments: readonly DepartmentConfig[];
  readonly windows: readonly WindowConfig[];
  readonly staff: readonly StaffConfig[];
  readonly items: readonly ItemConfig[];
  /** Relative share of the year's applications. */
  readonly share: number;
  /** Consultations 咨询 per application (seed 004: 1535 / 11871 ≈ 0.13). */
  readonly consultationsPerCase: number;
  /** What the hall decided for itself (spec §4), handed to the deciders' context; the rest is the default. */
  readonly policy?: Partial<Pick<HallPolicy, 'correctionAfterAcceptance' | 'lateCorrectionNotice'>>;
}

/** The simulated hall tree, parents before children. */
export interface HallSetup {
  readonly halls: readonly HallConfig[];
}

/** The hall a report rolls up to: the one without a parent. */
export const rootHall = (setup: HallSetup): HallConfig => {
  const root = setup.halls.find((h) => h.parentId === undefined);
  if (!root) throw new RangeError('the hall setup has no root hall');
  return root;
};
