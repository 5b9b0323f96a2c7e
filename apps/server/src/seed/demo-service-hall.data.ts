import { type Channel, type Rating } from '@lingyan/shared';
import { type Who } from './demo-service-hall.inputs.ts';

/** What people ask the demo service hall for and how it answers: the planner's weights and texts (see demo-service-hall.ts). */
export const SEED = 'lingyan-demo-service-hall-v1';
export const URBAN_TOWNSHIPS = ['654203001', '654203002', '654203003', '654203004'];
export const TIANSHAN = '654203002009';
export const TIYUCHANG = '654203001017';

export const DAY_MS = 86_400_000;
export const CHINA_MS = 8 * 3600_000;
export const OPEN_MIN = 10 * 60; // 10:00 China time (Xinjiang halls keep Beijing time, opening late)
export const CLOSE_MIN = 19 * 60 + 30; // 19:30

// What people ask for ---------------------------------------------------------------------------

export type Weights = readonly (readonly [string, number])[];

/** Window and phone: what a community hall of northern Xinjiang sees most (认证, 医保, 低保, 就业…). */
export const HALL_ITEMS: Weights = [
  ['SB-05', 12],
  ['YB-01', 10],
  ['SB-01', 8],
  ['JY-01', 8],
  ['LN-01', 6],
  ['SB-03', 5],
  ['YB-02', 5],
  ['SB-04', 5],
  ['JY-02', 5],
  ['ZF-02', 4],
  ['HJ-01', 4],
  ['ZM-01', 4],
  ['LN-02', 3],
  ['CJ-01', 3],
  ['CJ-02', 3],
  ['JY-03', 3],
  ['ZF-01', 3],
  ['HJ-02', 3],
  ['JS-01', 3],
  ['ZM-02', 3],
  ['ZM-03', 3],
  ['SB-02', 2],
  ['DJ-01', 2],
  ['DJ-02', 2],
  ['JS-02', 2],
  ['TY-01', 2],
];
/** What grid workers bring back from their rounds: the elderly, the disabled, disputes, the street. */
export const GRID_ITEMS: Weights = [
  ['SB-05', 10],
  ['LN-01', 8],
  ['ZM-03', 8],
  ['LN-02', 5],
  ['ZM-02', 5],
  ['CJ-02', 4],
  ['SB-03', 4],
  ['SB-01', 4],
  ['YB-01', 4],
];
/** 12345 hotline dispatches: mostly the street and disputes, some hardship and insurance. */
export const HOTLINE_ITEMS: Weights = [
  ['ZM-03', 12],
  ['ZM-02', 6],
  ['SB-03', 4],
  ['SB-01', 3],
  ['YB-01', 3],
  ['JY-01', 3],
  ['LN-01', 2],
  ['ZF-01', 2],
  ['HJ-01', 2],
];
export const CHANNEL_SHARE: readonly (readonly [Channel, number])[] = [
  ['window', 55],
  ['phone', 15],
  ['online', 10],
  ['grid-worker', 12],
  ['hotline-12345', 8],
];
export const RATING_SHARE: readonly (readonly [Rating, number])[] = [
  ['very-satisfied', 60],
  ['satisfied', 25],
  ['basically-satisfied', 8],
  ['dissatisfied', 5],
  ['very-dissatisfied', 2],
];

/** Who may ask: age bounds for the items that have them (高龄津贴 from 80, 认证 from 60 …). */
export const AGES: Record<string, [number, number]> = {
  'LN-01': [80, 120],
  'LN-02': [65, 120],
  'SB-05': [60, 120],
  'SB-04': [16, 59],
  'JY-01': [16, 59],
  'JY-02': [16, 59],
  'JY-03': [18, 59],
  'JS-01': [20, 45],
  'JS-02': [55, 120],
  'TY-01': [22, 90],
};

export const DESCRIPTIONS: Record<string, readonly string[]> = {
  'SB-01': ['家庭成员长期患病，收入低于本市低保标准，申请最低生活保障', '夫妻双方失业，家庭生活困难，申请低保', '低保到期复核，申请继续享受最低生活保障'],
  'SB-02': ['老人无劳动能力、无生活来源、无法定赡养人，申请特困供养', '重度残疾人无赡养人，申请特困人员救助供养'],
  'SB-03': ['家中突发火灾，生活用品损毁，申请临时救助', '家庭成员突发重病住院，医疗费用支出较大，申请临时救助', '因交通事故致家庭生活暂时困难，申请临时救助'],
  'LN-01': ['老人年满八十周岁，申请高龄津贴', '高龄津贴发放账户变更，重新申请'],
  'LN-02': ['独居老人行动不便，申请居家养老上门服务', '失能老人申请居家养老助餐、助洁服务'],
  'CJ-01': ['肢体残疾，申请办理残疾人证', '残疾人证到期换领', '听力残疾评定，协助办理残疾人证'],
  'CJ-02': ['重度残疾，申请护理补贴', '困难残疾人申请生活补贴'],
  'YB-01': ['新生儿参加城乡居民医疗保险', '年度城乡居民医保参保登记', '灵活就业人员转城乡居民医保参保'],
  'YB-02': ['高血压、糖尿病门诊慢特病待遇认定', '恶性肿瘤门诊治疗待遇认定申请'],
  'SB-04': ['城乡居民基本养老保险参保登记', '养老保险缴费档次变更'],
  'SB-05': ['养老保险待遇领取资格认证', '老人行动不便，申请上门进行待遇资格认证'],
  'JY-01': ['办理失业登记', '新入职办理就业登记', '灵活就业登记'],
  'JY-02': ['申领《就业创业证》', '《就业创业证》遗失补办'],
  'JY-03': ['就业困难人员申请公益性岗位', '咨询并申请社区公益性岗位'],
  'ZF-01': ['家庭住房困难，申请公共租赁住房', '公租房资格年度复核'],
  'ZF-02': ['房屋出租，办理租赁登记备案', '续签租赁合同，办理备案变更'],
  'HJ-01': ['外地来沙务工，申领居住证', '随迁子女入学需要，申领居住证'],
  'HJ-02': ['居住证年度签注', '居住证签注到期续签'],
  'DJ-01': ['党员组织关系由外地转入本社区', '党员组织关系转出'],
  'DJ-02': ['在职党员到社区报到', '新调入单位党员到社区报到'],
  'JS-01': ['办理一孩生育登记', '办理二孩生育登记', '办理三孩生育登记'],
  'JS-02': ['申请独生子女父母奖励扶助', '独生子女父母年满六十周岁，申请奖励扶助金'],
  'TY-01': ['退役军人信息采集，申领优待证', '退役军人优待证信息变更'],
  'ZM-01': ['子女入学需要，核实居民基本情况', '单位要求核实居住情况，按需开具'],
  'ZM-02': ['楼上漏水引发邻里纠纷，申请调解', '物业费纠纷，申请调解', '宠物扰民引发纠纷，申请调解'],
  'ZM-03': ['小区门口路灯损坏，夜间出行不便', '楼道内堆放杂物，存在消防隐患', '小区下水道堵塞，污水外溢', '道路井盖破损，存在安全隐患'],
};
export const CHANNEL_PREFIX: Record<Channel, string> = {
  window: '',
  phone: '来电：',
  online: '网上申请：',
  'grid-worker': '网格员走访收集：',
  'hotline-12345': '12345热线转办：',
  open311: '',
};

export const RESULTS: Record<string, string> = {
  'SB-01': '入户调查和民主评议完成，已报街道审核，经市民政局审批纳入低保',
  'SB-02': '已完成调查评估，经市民政局审批纳入特困供养',
  'SB-03': '已核实困难情况，经审批发放临时救助金',
  'LN-01': '已审核通过，高龄津贴自次月起按月发放',
  'LN-02': '已完成能力评估，安排服务机构上门服务',
  'CJ-01': '已协助完成残疾评定，残疾人证已制发',
  'CJ-02': '已审核通过，补贴自次月起发放',
  'YB-01': '已完成医保参保登记',
  'YB-02': '已报市医疗保障局认定通过，待遇已生效',
  'SB-04': '已完成养老保险参保登记',
  'SB-05': '已完成待遇领取资格认证',
  'JY-01': '已完成就业（失业）登记',
  'JY-02': '《就业创业证》已制发',
  'JY-03': '已审核并推荐上岗',
  'ZF-01': '初审通过，已报市住房和城乡建设局',
  'ZF-02': '已完成租赁登记备案',
  'HJ-01': '材料已转递公安机关，居住证已制发',
  'HJ-02': '已完成居住证签注',
  'DJ-01': '组织关系已转接完成',
  'DJ-02': '已完成报到登记',
  'JS-01': '已完成生育登记',
  'JS-02': '已审核通过，奖励扶助金按规定发放',
  'TY-01': '信息已采集，优待证已制发',
  'ZM-01': '已核实居民基本情况并按需出具',
  'ZM-02': '经调解，双方达成一致并签订调解协议',
  'ZM-03': '已协调市城市管理局处理，问题已解决',
};

export const REFUSE_REASONS = [
  '不属于本社区受理范围，已告知到市政务服务中心办理',
  '申请人户籍及居住地不在本社区，已告知向居住地社区申请',
  '经初步核查不符合申请条件，已当面解释相关政策',
  '同一事项已在办理中，不重复受理',
];
export const PAUSE_REASONS = [
  '补正：缺少户口簿复印件',
  '补正：需提供近六个月银行流水',
  '补正：需补充医院诊断证明',
  '补正：照片不符合要求，需重新提供',
  '补正：需提供房屋权属证明',
  '补正：家庭成员收入证明不全',
];
export const VISIT_OUTCOMES = [
  '入户核实家庭情况，与申报一致',
  '上门为老人办理，已当面确认',
  '入户了解情况，已向家属说明后续流程',
  '上门核查，现场情况与反映一致',
];
export const RATING_COMMENTS: Record<Rating, readonly string[]> = {
  'very-satisfied': ['工作人员热情耐心，一次就办好了', '不用来回跑，非常满意', '上门服务，给社区点赞'],
  satisfied: ['办得挺快', '解释得很清楚'],
  'basically-satisfied': ['等的时间有点长', '材料要求可以提前一次说清楚'],
  dissatisfied: ['办理时间太长', '来回跑了好几次'],
  'very-dissatisfied': ['问题没有解决', '答复不满意'],
};
export const SIGNED_HOW = ['written', 'written', 'fingerprint', 'electronic', 'verbal-recorded'] as const;

/** How the resident pages name the resident in the timeline: submitting (audit name) and rating. */
export const RESIDENT_ONLINE: Who = { id: null, name: 'resident' };
export const RESIDENT_RATING: Who = { id: null, name: '群众' };
