import type { Kysely } from 'kysely';
import type { EventCategoryKind, LimitUnit } from '@lingyan/shared';
import type { DB, EventCategoriesTable } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';

/**
 * The default event categories after GB/T 30428.2 (components, 部件) and 30428.3 (events, 事件):
 * the standard top categories (大类, two-digit codes) and a realistic second level (小类, the top
 * code plus two digits), each with limits for registering, dispatching and handling — in working
 * hours (h) or working days (d) — and the condition for closing the case. The city edits them.
 */
type Lim = `${number}${'h' | 'd'}`;
type Sub = [code: string, name: string, handle: Lim, closing: string];
type Top = { code: string; name: string; subs: Sub[] };

const COMPONENTS: Top[] = [
  {
    code: '01',
    name: '公用设施',
    subs: [
      ['0101', '井盖缺失/破损', '2h', '井盖已补齐或更换，盖板平稳，周边无安全隐患'],
      ['0102', '雨水箅子缺失/破损', '4h', '雨水箅子已补齐或更换，排水通畅'],
      ['0103', '路灯损坏', '3d', '路灯已修复，夜间正常亮灯'],
      ['0104', '消防设施损坏', '1d', '消火栓等消防设施已修复，经试验可正常使用'],
      ['0105', '供水设施故障', '1d', '供水设施已修复，无跑冒滴漏'],
      ['0106', '燃气设施隐患', '4h', '燃气设施隐患已排除，经专业检测合格'],
    ],
  },
  {
    code: '02',
    name: '道路交通',
    subs: [
      ['0201', '道路破损', '5d', '路面已修补平整'],
      ['0202', '交通标志/信号灯损坏', '2d', '标志已修复或更换，信号灯正常工作'],
      ['0203', '护栏损坏', '3d', '护栏已修复，安装牢固'],
      ['0204', '公交站亭损坏', '5d', '站亭已修复，可正常使用'],
    ],
  },
  {
    code: '03',
    name: '市容环境',
    subs: [
      ['0301', '公厕设施损坏', '2d', '公厕设施已修复，正常开放'],
      ['0302', '垃圾箱/果皮箱损坏', '2d', '垃圾箱已修复或更换'],
    ],
  },
  {
    code: '04',
    name: '园林绿化',
    subs: [
      ['0401', '行道树倒伏/损坏', '1d', '倒伏树木已扶正或清理，不影响通行'],
      ['0402', '绿地破坏', '5d', '绿地已补植恢复'],
      ['0403', '花坛/树池损坏', '5d', '花坛、树池已修复'],
    ],
  },
  {
    code: '05',
    name: '房屋土地',
    subs: [
      ['0501', '危房隐患', '1d', '已设置警示并完成鉴定，住户已妥善安置或房屋已加固'],
      ['0502', '违法建设', '10d', '违法建设已拆除或依法处理完毕'],
    ],
  },
  { code: '06', name: '其他设施', subs: [['0601', '其他设施损坏', '5d', '设施已修复，恢复正常使用']] },
];

const EVENTS: Top[] = [
  {
    code: '01',
    name: '市容环境',
    subs: [
      ['0101', '暴露垃圾', '4h', '垃圾已清运，现场整洁'],
      ['0102', '积存垃圾渣土', '1d', '垃圾渣土已清运，现场整洁'],
      ['0103', '道路不洁', '4h', '路面已清扫干净'],
      ['0104', '焚烧垃圾/树叶', '2h', '焚烧已制止，现场已清理'],
    ],
  },
  {
    code: '02',
    name: '宣传广告',
    subs: [
      ['0201', '违规张贴小广告', '1d', '小广告已清除，墙面恢复'],
      ['0202', '违规悬挂横幅', '1d', '横幅已拆除'],
      ['0203', '违规户外广告牌', '5d', '广告牌已拆除或补办手续'],
    ],
  },
  {
    code: '03',
    name: '施工管理',
    subs: [
      ['0301', '施工扰民', '1d', '夜间施工已停止或已办理夜间施工许可'],
      ['0302', '施工占道/围挡不规范', '2d', '围挡已规范设置，占道已恢复'],
      ['0303', '道路遗撒', '4h', '遗撒物已清理，路面干净'],
    ],
  },
  {
    code: '04',
    name: '突发事件',
    subs: [
      ['0401', '路面塌陷', '2h', '已设置围挡警示，塌陷已回填修复'],
      ['0402', '供水管道破裂', '2h', '管道已抢修，恢复供水'],
      ['0403', '燃气泄漏', '1h', '泄漏已处置，经检测无危险'],
      ['0404', '下水道堵塞/冒溢', '4h', '管道已疏通，污水已清理'],
    ],
  },
  {
    code: '05',
    name: '街面秩序',
    subs: [
      ['0501', '占道经营', '4h', '占道摊点已清理，道路畅通'],
      ['0502', '乱堆物料', '1d', '物料已清理或规范堆放'],
      ['0503', '店外经营', '4h', '已劝导入店经营'],
      ['0504', '非机动车乱停放', '4h', '车辆已规范停放'],
      ['0505', '流浪乞讨', '1d', '已联系救助站妥善安置'],
    ],
  },
  { code: '06', name: '其他事件', subs: [['0601', '其他事件', '5d', '问题已处理，经核查属实']] },
];

const limit = (l: Lim): { value: number; unit: LimitUnit } => ({ value: Number(l.slice(0, -1)), unit: l.endsWith('h') ? 'working-hours' : 'working-days' });

/** Inserts the default code table unless the city has one already. */
export async function seedEventCategories(db: Kysely<DB>, now: string): Promise<void> {
  const any = await db.selectFrom('event_categories').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const rows: EventCategoriesTable[] = [];
  const row = (
    kind: EventCategoryKind,
    code: string,
    name: string,
    parentId: string | null,
    handle: Lim,
    closing: string,
    sort: number,
  ): EventCategoriesTable => {
    const h = limit(handle);
    return {
      id: newId(),
      kind,
      code,
      name,
      parent_id: parentId,
      level: parentId ? 2 : 1,
      register_limit: 1,
      register_unit: 'working-hours',
      dispatch_limit: 1,
      dispatch_unit: 'working-hours',
      handle_limit: h.value,
      handle_unit: h.unit,
      closing_condition: closing,
      active: 1,
      sort_order: sort,
      created_at: now,
      updated_at: now,
    };
  };
  for (const [kind, tops] of [
    ['component', COMPONENTS],
    ['event', EVENTS],
  ] as const) {
    tops.forEach((t, i) => {
      const top = row(kind, t.code, t.name, null, '5d', '按小类的结案条件', i);
      rows.push(top);
      t.subs.forEach(([code, name, handle, closing], j) => rows.push(row(kind, code, name, top.id, handle, closing, j)));
    });
  }
  await db.insertInto('event_categories').values(rows).execute();
}
