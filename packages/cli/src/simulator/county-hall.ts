import { buildCatalogue, type DepartmentProfile, type LimitTotals } from './catalogue';
import type { DepartmentConfig, HallConfig, HallSetup, StaffConfig, WindowConfig } from './hall-config';
import { createRandom } from './random';

/** Departments stationed at the county hall (部门/窗口单位), with their typical items. */
const COUNTY_PROFILES: readonly DepartmentProfile[] = [
  { departmentId: 'market', name: '市场监督管理局', items: 30, kinds: [3, 6, 0, 0], names: ['个体工商户登记', '企业设立登记', '食品经营许可', '药品零售企业许可', '特种设备使用登记', '医疗器械经营备案'] },
  { departmentId: 'hrss', name: '人力资源和社会保障局', items: 16, kinds: [6, 3, 0, 0], names: ['社会保险登记', '失业保险金申领', '就业创业证办理', '职工退休审批', '劳务派遣许可'] },
  { departmentId: 'police', name: '公安局', items: 10, kinds: [6, 3, 0, 0], names: ['居民身份证申领', '户口迁移', '出入境证件申请', '机动车登记'] },
  { departmentId: 'tax', name: '税务局', items: 12, kinds: [6, 3, 0, 0], names: ['税务登记', '发票领用', '纳税证明开具', '税收优惠备案'] },
  { departmentId: 'housing', name: '住房和城乡建设局', items: 14, kinds: [0, 6, 2, 1], names: ['建筑工程施工许可', '商品房预售许可', '建筑业企业资质', '燃气经营许可'] },
  { departmentId: 'resources', name: '自然资源局', items: 14, kinds: [0, 6, 2, 2], names: ['建设用地规划许可', '不动产登记', '采矿权审批', '乡村建设规划许可'] },
  { departmentId: 'civil', name: '民政局', items: 10, kinds: [4, 5, 0, 0], names: ['婚姻登记', '社会团体登记', '最低生活保障审批', '养老机构备案'] },
  { departmentId: 'transport', name: '交通运输局', items: 12, kinds: [2, 6, 0, 1], names: ['道路运输经营许可', '道路运输证配发', '公路占用许可', '出租汽车经营许可'] },
  { departmentId: 'health', name: '卫生健康局', items: 12, kinds: [1, 6, 0, 1], names: ['医疗机构执业登记', '公共场所卫生许可', '医师执业注册', '母婴保健技术服务许可'] },
  { departmentId: 'development', name: '发展和改革局', items: 12, kinds: [0, 4, 3, 2], investment: true, names: ['企业投资项目备案', '企业投资项目核准', '固定资产投资项目节能审查'] },
  { departmentId: 'agriculture', name: '农业农村局', items: 14, kinds: [1, 6, 0, 1], names: ['农药经营许可', '动物防疫条件合格证', '种子生产经营许可', '渔业捕捞许可'] },
  { departmentId: 'environment', name: '生态环境局', items: 10, kinds: [0, 5, 2, 2], names: ['建设项目环评审批', '排污许可', '危险废物经营许可'] },
  { departmentId: 'culture', name: '文化广电旅游局', items: 8, kinds: [1, 6, 0, 0], names: ['娱乐场所经营许可', '互联网上网服务营业场所许可', '旅行社设立许可'] },
  { departmentId: 'education', name: '教育局', items: 8, kinds: [1, 6, 0, 0], names: ['民办学校办学许可', '教师资格认定', '校外培训机构审批'] },
];

/** What a township centre 便民服务中心 handles: civil affairs, social security, farming, village building. */
const TOWNSHIP_PROFILES: readonly DepartmentProfile[] = [
  { departmentId: 'civil', name: '民政办', items: 4, kinds: [3, 2, 0, 0], names: ['低保申请受理', '临时救助', '残疾人补贴', '高龄津贴'] },
  { departmentId: 'hrss', name: '劳动保障所', items: 4, kinds: [4, 1, 0, 0], names: ['城乡居民养老保险参保', '医疗保险参保', '就业登记', '待遇资格认证'] },
  { departmentId: 'agriculture', name: '农业服务中心', items: 2, kinds: [2, 2, 0, 0], names: ['耕地地力保护补贴', '农机购置补贴'] },
  { departmentId: 'planning', name: '村镇规划建设服务站', items: 2, kinds: [0, 3, 0, 0], names: ['农村宅基地审批', '乡村建设规划许可'] },
];

const TOWNSHIP_NAMES = ['城关镇', '太平镇', '龙头镇', '马山镇', '寨隆镇', '东泉镇', '沙埔镇', '古砦乡'];

/** Seed 004's catalogue: 197 items, Σ statutory 4092 wd, Σ promised 2585 wd (平均 20.77 / 13.12). */
export const SEED_004_TOTALS: LimitTotals = { statutory: 4092, promised: 2585 };
const SEED_004_ITEMS = 197;

export interface CountyHallOptions {
  /** Items 事项 at the county hall (default 197, as seed 004). */
  readonly itemCount?: number;
  /** Windows 窗口 at the county hall (default 15, as seed 004). */
  readonly windowCount?: number;
  /** Township centres below the county hall (default 3). */
  readonly townshipCount?: number;
  /** Seed of the catalogue's kinds and limits (default 1). */
  readonly seed?: number;
}

/** The hall's own office (县政管办): it staffs the enquiry, fees and complaints desks and has no items. */
const OFFICE: DepartmentConfig = { departmentId: 'office', name: '政务服务管理办公室' };

const departments = (profiles: readonly DepartmentProfile[]): DepartmentConfig[] => [
  ...profiles.map(({ departmentId, name }) => ({ departmentId, name })),
  OFFICE,
];

/**
 * The windows of a hall: 综合窗口 (about a fifth, at least one), an enquiry desk 咨询, a complaints
 * window 投诉, a fees window 收费 from six windows up, and department windows 专业窗口 for the rest.
 */
const countyWindows = (count: number, profiles: readonly DepartmentProfile[]): WindowConfig[] => {
  if (!Number.isInteger(count) || count < 4) throw new RangeError(`a county hall needs at least 4 windows, got ${count}`);
  const general = Math.max(1, Math.round(count / 5));
  const windows: WindowConfig[] = [];
  for (let i = 1; i <= general; i++) windows.push({ windowId: `W${String(windows.length + 1).padStart(2, '0')}`, kind: 'general', devices: 1 });
  const service: WindowConfig['kind'][] = count >= 6 ? ['enquiry', 'fees', 'complaints'] : ['enquiry', 'complaints'];
  const departmentWindows = count - general - service.length;
  for (let i = 0; i < departmentWindows; i++) {
    const departmentId = profiles[i % profiles.length]!.departmentId;
    windows.push({ windowId: `W${String(windows.length + 1).padStart(2, '0')}`, kind: 'department', departmentId, devices: 1 });
  }
  for (const kind of service) windows.push({ windowId: `W${String(windows.length + 1).padStart(2, '0')}`, kind, devices: kind === 'enquiry' ? 0 : 1 });
  return windows;
};

/** Two staff a general or department window, one at each service desk; each department a chief representative 首席代表 and an approver. */
const hallStaff = (windows: readonly WindowConfig[], profiles: readonly DepartmentProfile[], surnames: string): StaffConfig[] => {
  const staff: StaffConfig[] = [];
  const name = () => `${surnames[staff.length % surnames.length]}${'明华静伟芳强丽军敏杰'[Math.floor(staff.length / surnames.length) % 10]}`;
  for (const w of windows) {
    const perWindow = w.kind === 'general' || w.kind === 'department' ? 2 : 1;
    const departmentId = w.kind === 'general' ? undefined : (w.departmentId ?? OFFICE.departmentId);
    for (let k = 1; k <= perWindow; k++) {
      staff.push({ staffId: `${w.windowId}-s${k}`, name: name(), role: 'windowStaff', windowId: w.windowId, ...(departmentId ? { departmentId } : {}) });
    }
  }
  for (const p of profiles) {
    staff.push({ staffId: `${p.departmentId}-chief`, name: name(), role: 'chiefRepresentative', departmentId: p.departmentId });
    staff.push({ staffId: `${p.departmentId}-approver`, name: name(), role: 'approver', departmentId: p.departmentId });
  }
  staff.push({ staffId: 'supervisor', name: name(), role: 'supervisor' });
  staff.push({ staffId: 'helper', name: name(), role: 'agent' });
  return staff;
};

const townshipHall = (index: number, parentId: string, seed: number, share: number): HallConfig => {
  const hallId = `township-${index + 1}`;
  const windows: WindowConfig[] = [
    { windowId: 'T01', kind: 'general', devices: 1 },
    { windowId: 'T02', kind: 'department', departmentId: 'hrss', devices: 1 },
    { windowId: 'T03', kind: 'complaints', devices: 0 },
  ];
  const items = buildCatalogue({ prefix: `T${index + 1}-`, count: 12, profiles: TOWNSHIP_PROFILES, rng: createRandom(seed).fork(hallId) });
  return {
    hallId,
    name: `${TOWNSHIP_NAMES[index % TOWNSHIP_NAMES.length]}${index >= TOWNSHIP_NAMES.length ? index + 1 : ''}便民服务中心`,
    level: 'township',
    parentId,
    departments: departments(TOWNSHIP_PROFILES),
    windows,
    staff: hallStaff(windows, TOWNSHIP_PROFILES, '覃韦蓝梁'),
    items,
    share,
    consultationsPerCase: 0.05,
    // Every other township resumes the clock after a correction after acceptance (the county restarts it, the default), so a year shows both policies.
    ...(index % 2 === 0 ? { policy: { correctionAfterAcceptance: 'resume' as const } } : {}),
  };
};

/**
 * The county hall of seed 004 (县政务服务中心: 15 windows, 3 general, one fees and one complaints
 * window, 197 items with 平均法定 20.77 / 平均承诺 13.12 working days) and a few township centres
 * below it. Sizes are options; the catalogue keeps seed 004's average limits whatever its size.
 */
export const defaultCountyHall = (options: CountyHallOptions = {}): HallSetup => {
  const itemCount = options.itemCount ?? SEED_004_ITEMS;
  const townships = options.townshipCount ?? 3;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(itemCount) || itemCount < COUNTY_PROFILES.length) throw new RangeError(`a county hall needs at least ${COUNTY_PROFILES.length} items, got ${itemCount}`);
  if (!Number.isInteger(townships) || townships < 0) throw new RangeError(`township count must be a whole number, got ${townships}`);
  // Townships take 5 % of the applications each, half of all at most.
  const townshipShare = townships === 0 ? 0 : Math.min(0.05, 0.5 / townships);
  const scale = itemCount / SEED_004_ITEMS;
  const totals = { statutory: Math.round(SEED_004_TOTALS.statutory * scale), promised: Math.round(SEED_004_TOTALS.promised * scale) };
  const windows = countyWindows(options.windowCount ?? 15, COUNTY_PROFILES);
  const county: HallConfig = {
    hallId: 'county',
    name: '县政务服务中心',
    level: 'county',
    departments: departments(COUNTY_PROFILES),
    windows,
    staff: hallStaff(windows, COUNTY_PROFILES, '王李张刘陈杨黄赵吴周'),
    items: buildCatalogue({ prefix: 'C', count: itemCount, profiles: COUNTY_PROFILES, rng: createRandom(seed).fork('county'), totals }),
    share: 1 - townshipShare * townships,
    consultationsPerCase: 0.13,
  };
  return { halls: [county, ...Array.from({ length: townships }, (_, i) => townshipHall(i, county.hallId, seed, townshipShare))] };
};
