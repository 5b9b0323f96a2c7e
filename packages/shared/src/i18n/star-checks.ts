import type { MessageSection } from './types.ts';

/**
 * Between cycles: quarterly checks (一季一核查), star removal (减星) and applications for a star
 * (增星). Errors, page texts (`web.starChecks.*`, `web.starApplications.*`) and the texts of the
 * notifications the server writes (in the default locale).
 */
export const starCheckMessages = {
  'error.STAR_CHECK_QUARTER_INVALID': {
    'zh-CN': '不能核查 {quarter}：只能核查本季度，或今年、去年已过去的季度',
    en: '{quarter} cannot be checked: only this quarter or an earlier one of this year or last year',
  },
  'error.STAR_CHECK_RESULTS_MISMATCH': {
    'zh-CN': '核查结果须与社区现有的星逐一对应（现有：{held}）',
    en: 'The results must cover exactly the stars the community holds (now: {held})',
  },
  'error.STAR_CHECK_NOT_FOUND': { 'zh-CN': '找不到该社区的这次季度核查', en: 'No such quarterly check of this community' },
  'error.STAR_EVIDENCE_REQUIRED': {
    'zh-CN': '减星须有证据：上传至少一份材料，或引用将该星核查为“未达标”的季度核查',
    en: 'Removing a star needs evidence: at least one file, or a quarterly check that found the star failed',
  },

  'web.nav.starChecks': { 'zh-CN': '季度核查', en: 'Quarterly checks' },
  'web.nav.starApplications': { 'zh-CN': '增星申请', en: 'Star applications' },

  'web.starChecks.title': { 'zh-CN': '季度核查（一季一核查）', en: 'Quarterly checks' },
  'web.starChecks.intro': {
    'zh-CN': '乡镇（街道）每季度对所辖社区逐星核查：保持或未达标，附说明和证据；未达标的星可随时减星。',
    en: 'Every quarter the township checks each star of its communities — kept or failed, with a note and evidence; a failed star can be removed at any time.',
  },
  'web.starChecks.quarter': { 'zh-CN': '季度', en: 'Quarter' },
  'web.starChecks.quarterName': { 'zh-CN': '{year} 年第 {q} 季度', en: 'Q{q} {year}' },
  'web.starChecks.current': { 'zh-CN': '本季度', en: 'this quarter' },
  'web.starChecks.col.community': { 'zh-CN': '社区（村）', en: 'Community' },
  'web.starChecks.col.township': { 'zh-CN': '乡镇（街道）', en: 'Township' },
  'web.starChecks.col.stars': { 'zh-CN': '现有星', en: 'Stars held' },
  'web.starChecks.col.status': { 'zh-CN': '核查情况', en: 'Check' },
  'web.starChecks.col.actions': { 'zh-CN': '操作', en: 'Actions' },
  'web.starChecks.status.checked': { 'zh-CN': '已核查', en: 'Checked' },
  'web.starChecks.status.notChecked': { 'zh-CN': '未核查', en: 'Not checked' },
  'web.starChecks.failedCount': { 'zh-CN': '{n} 颗未达标', en: '{n} failed' },
  'web.starChecks.checkedBy': { 'zh-CN': '{name} 于 {at} 核查', en: 'Checked by {name} on {at}' },
  'web.starChecks.noStars': { 'zh-CN': '暂无星', en: 'No stars' },
  'web.starChecks.none': { 'zh-CN': '范围内没有社区或村', en: 'No communities or villages in scope' },
  'web.starChecks.check': { 'zh-CN': '核查', en: 'Check' },
  'web.starChecks.view': { 'zh-CN': '查看核查', en: 'View check' },
  'web.starChecks.checkTitle': { 'zh-CN': '{community} · {quarter}核查', en: '{community} · check of {quarter}' },
  'web.starChecks.noneHeld': { 'zh-CN': '该社区目前没有星，核查将只记录核查意见。', en: 'The community holds no stars; the check records the note only.' },
  'web.starChecks.result.kept': { 'zh-CN': '保持', en: 'Kept' },
  'web.starChecks.result.failed': { 'zh-CN': '未达标', en: 'Failed' },
  'web.starChecks.field.starNote': { 'zh-CN': '说明', en: 'Note' },
  'web.starChecks.field.note': { 'zh-CN': '核查意见', en: 'Overall note' },
  'web.starChecks.field.evidence': { 'zh-CN': '证据材料', en: 'Evidence' },
  'web.starChecks.checked': { 'zh-CN': '核查已记录', en: 'The check is recorded' },
  'web.starChecks.remove': { 'zh-CN': '减星', en: 'Remove star' },
  'web.starChecks.removeTitle': { 'zh-CN': '{community} 减星：{star}', en: 'Remove {star} from {community}' },
  'web.starChecks.field.star': { 'zh-CN': '星', en: 'Star' },
  'web.starChecks.field.reason': { 'zh-CN': '减星理由', en: 'Reason' },
  'web.starChecks.useCheck': { 'zh-CN': '引用本次核查“未达标”的结果作为证据', en: 'Cite this check, which found the star failed, as evidence' },
  'web.starChecks.evidenceHelp': {
    'zh-CN': '须上传至少一份证据材料，或引用将该星核查为“未达标”的季度核查。',
    en: 'Upload at least one file, or cite a quarterly check that found the star failed.',
  },
  'web.starChecks.removeConfirm': {
    'zh-CN': '确定减去{community}的“{star}”吗？减星将记入星级历史，并通知社区和市级。',
    en: 'Remove “{star}” from {community}? The change goes into the star history and the community and the city are notified.',
  },
  'web.starChecks.removed': { 'zh-CN': '已减星', en: 'The star is removed' },
  'web.starChecks.removedTag': { 'zh-CN': '已减星', en: 'Removed' },

  'web.starChecks.notify.removed': { 'zh-CN': '{community}的“{star}”已被减星，理由：{reason}', en: '“{star}” was removed from {community}: {reason}' },
  'web.starChecks.notify.added': { 'zh-CN': '{community}经增星申请获得“{star}”', en: '{community} was awarded “{star}” on application' },
  'web.starChecks.notify.refused': {
    'zh-CN': '{community}申请“{star}”未获通过，理由：{reason}',
    en: 'The application of {community} for “{star}” was refused: {reason}',
  },

  'web.starChecks.applicationState.applied': { 'zh-CN': '待乡镇核查', en: 'Awaiting the township check' },
  'web.starChecks.applicationState.checked': { 'zh-CN': '待部门复核', en: 'Awaiting department review' },
  'web.starChecks.applicationState.reviewed': { 'zh-CN': '待市级审定', en: 'Awaiting city approval' },
  'web.starChecks.applicationState.approved': { 'zh-CN': '已增星', en: 'Star added' },
  'web.starChecks.applicationState.refused': { 'zh-CN': '未通过', en: 'Refused' },

  'web.starChecks.action.apply': { 'zh-CN': '提交增星申请', en: 'Applied' },
  'web.starChecks.action.check-passed': { 'zh-CN': '乡镇核查通过', en: 'Township check passed' },
  'web.starChecks.action.check-refused': { 'zh-CN': '乡镇核查不通过', en: 'Township check refused' },
  'web.starChecks.action.review-accepted': { 'zh-CN': '部门复核通过', en: 'Department review accepted' },
  'web.starChecks.action.review-refused': { 'zh-CN': '部门复核不通过', en: 'Department review refused' },
  'web.starChecks.action.approve-approved': { 'zh-CN': '市级审定通过', en: 'City approved' },
  'web.starChecks.action.approve-refused': { 'zh-CN': '市级审定不通过', en: 'City refused' },

  'web.starApplications.title': { 'zh-CN': '增星申请', en: 'Applications for a star' },
  'web.starApplications.intro': {
    'zh-CN': '社区申请增星，经乡镇（街道）核查、市属部门复核、市级审定后增星；任一环节不通过即结束。',
    en: 'A community applies for a star; the township checks, the star’s city department reviews and the city approves. A refusal at any step ends it.',
  },
  'web.starApplications.apply': { 'zh-CN': '申请增星', en: 'Apply for a star' },
  'web.starApplications.filter.actionable': { 'zh-CN': '待我处理', en: 'Waiting for me' },
  'web.starApplications.filter.all': { 'zh-CN': '全部', en: 'All' },
  'web.starApplications.col.state': { 'zh-CN': '状态', en: 'State' },
  'web.starApplications.col.applied': { 'zh-CN': '申请', en: 'Applied' },
  'web.starApplications.field.community': { 'zh-CN': '社区（村）', en: 'Community' },
  'web.starApplications.field.star': { 'zh-CN': '申请的星', en: 'Star' },
  'web.starApplications.field.reason': { 'zh-CN': '申请理由', en: 'Reason' },
  'web.starApplications.field.evidence': { 'zh-CN': '证明材料', en: 'Evidence' },
  'web.starApplications.field.note': { 'zh-CN': '意见', en: 'Note' },
  'web.starApplications.noteRequired': { 'zh-CN': '不通过时须写明理由', en: 'A refusal needs a reason' },
  'web.starApplications.noneLacking': { 'zh-CN': '该社区已拥有全部的星', en: 'The community holds every star' },
  'web.starApplications.applied': { 'zh-CN': '增星申请已提交', en: 'The application is submitted' },
  'web.starApplications.appliedBy': { 'zh-CN': '{name} 于 {at} 申请', en: 'Applied by {name} on {at}' },
  'web.starApplications.none': { 'zh-CN': '暂无增星申请', en: 'No applications' },
  'web.starApplications.steps': { 'zh-CN': '办理过程', en: 'Steps' },
  'web.starApplications.step.check': { 'zh-CN': '乡镇核查', en: 'Township check' },
  'web.starApplications.step.review': { 'zh-CN': '部门复核', en: 'Department review' },
  'web.starApplications.step.approve': { 'zh-CN': '市级审定', en: 'City approval' },
  'web.starApplications.pass': { 'zh-CN': '通过', en: 'Pass' },
  'web.starApplications.refuse': { 'zh-CN': '不通过', en: 'Refuse' },
  'web.starApplications.done': { 'zh-CN': '已办理', en: 'Done' },
} satisfies MessageSection;
