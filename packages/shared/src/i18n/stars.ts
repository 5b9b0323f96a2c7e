import type { MessageSection } from './types.ts';

/**
 * Star rating texts: its error messages, permissions, and the names of levels, honours, phases
 * and states. Page texts are keyed `web.stars.<page>.<name>`. (Star names are catalog data.)
 */
export const starMessages = {
  'error.STAR_CODE_UNKNOWN': { 'zh-CN': '没有代码为“{code}”的星', en: 'There is no star with the code “{code}”' },
  'error.STAR_CODE_DUPLICATE': { 'zh-CN': '“{code}”重复出现', en: '“{code}” appears more than once' },
  'error.STAR_CATALOG_NOT_FOUND': { 'zh-CN': '找不到该年度的星级目录', en: 'No star catalog for that year' },
  'error.STAR_CATALOG_YEAR_TAKEN': { 'zh-CN': '该年度已有星级目录', en: 'That year already has a star catalog' },
  'error.STAR_CATALOG_LOCKED': {
    'zh-CN': '该年度目录已被评定周期使用，不能再修改；请建立下一年度的目录',
    en: 'A cycle uses this catalog, so it can no longer change; make next year’s catalog instead',
  },
  'error.STAR_CATALOG_INVALID': { 'zh-CN': '星级目录有误：{problem}', en: 'The star catalog is not valid: {problem}' },
  'error.STAR_CYCLE_NOT_FOUND': { 'zh-CN': '找不到该评定周期', en: 'Evaluation cycle not found' },
  'error.STAR_CYCLE_YEAR_TAKEN': { 'zh-CN': '该年度已有评定周期', en: 'That year already has an evaluation cycle' },
  'error.STAR_PHASE_DATES_INVALID': { 'zh-CN': '阶段日期不成立：{problem}', en: 'The phase dates do not hold: {problem}' },
  'error.STAR_OUT_OF_PHASE': {
    'zh-CN': '当前处于“{current}”阶段，此操作只能在“{phase}”阶段进行',
    en: 'The cycle is in “{current}”; this is done in “{phase}”',
  },
  'error.STAR_ENTRY_NOT_FOUND': { 'zh-CN': '找不到该社区的评定记录', en: 'No evaluation record for that community' },
  'error.STAR_STEP_NOT_ALLOWED': { 'zh-CN': '当前进度（{state}）不能执行此操作', en: 'The evaluation is at “{state}”; this step is not possible now' },
  'error.STAR_SCORES_INCOMPLETE': { 'zh-CN': '还有指标未评分：{missing}', en: 'Some indicators are not scored yet: {missing}' },
  'error.STAR_INDICATOR_UNKNOWN': { 'zh-CN': '该星没有“{code}”这一指标', en: 'That star has no indicator “{code}”' },
  'error.STAR_OBJECTIONS_OPEN': { 'zh-CN': '还有未答复的异议，答复后才能亮星', en: 'Some objections are not answered yet; answer them before display' },
  'error.STAR_OBJECTION_NOT_FOUND': { 'zh-CN': '找不到该异议', en: 'Objection not found' },
  'error.STAR_SURVEY_NOT_FOUND': { 'zh-CN': '找不到该测评，请核对链接', en: 'Survey not found; check the link' },
  'error.STAR_SURVEY_CLOSED': { 'zh-CN': '群众测评不在进行中', en: 'The resident survey is not open' },
  'error.STAR_SURVEY_CODE_INVALID': { 'zh-CN': '验证码或户码不正确、已使用或已过期', en: 'The code is wrong, used or expired' },
  'error.STAR_SURVEY_ALREADY_ANSWERED': {
    'zh-CN': '本户已参加过本次测评，每户只能提交一次',
    en: 'This household has already answered; one response per household',
  },
  'error.STAR_CHECK_EXISTS': { 'zh-CN': '该社区本季度已核查', en: 'That community has already been checked this quarter' },
  'error.STAR_NOT_HELD': { 'zh-CN': '该社区目前没有这颗星', en: 'The community does not hold that star' },
  'error.STAR_ALREADY_HELD': { 'zh-CN': '该社区已有这颗星', en: 'The community already holds that star' },
  'error.STAR_APPLICATION_NOT_FOUND': { 'zh-CN': '找不到该增星申请', en: 'Star application not found' },
  'error.STAR_APPLICATION_STATE': { 'zh-CN': '增星申请当前状态（{state}）不能执行此操作', en: 'The application is {state}; this step is not possible now' },
  'error.STAR_APPLICATION_OPEN': { 'zh-CN': '这颗星已有正在办理的增星申请', en: 'An application for that star is already under way' },
  'error.DEPARTMENT_NOT_FOUND': { 'zh-CN': '找不到该部门', en: 'Department not found' },
  'error.DEPARTMENT_CODE_TAKEN': { 'zh-CN': '部门代码已被使用', en: 'That department code is taken' },
  'error.DEPARTMENT_MEMBER_INVALID': {
    'zh-CN': '只有担任市属部门工作人员的用户才能成为复核部门成员',
    en: 'Only users who hold a city department officer assignment can be members of a reviewing department',
  },

  'web.permission.star:read': { 'zh-CN': '查看星级评定', en: 'See star ratings' },
  'web.permission.star:catalog': { 'zh-CN': '维护星级目录、评定规则和复核部门', en: 'Edit the star catalog, rules and reviewing departments' },
  'web.permission.star:self-assess': { 'zh-CN': '社区自评与增星申请', en: 'Self-assess and apply for stars' },
  'web.permission.star:survey': { 'zh-CN': '发放户码、录入纸质测评', en: 'Hand out household codes and enter paper surveys' },
  'web.permission.star:score': { 'zh-CN': '乡镇（街道）考评打分', en: 'Score communities (township)' },
  'web.permission.star:check': { 'zh-CN': '季度核查与减星', en: 'Quarterly checks and star removal' },
  'web.permission.star:review': { 'zh-CN': '市属部门复核验收', en: 'Review stars (city department)' },
  'web.permission.star:approve': { 'zh-CN': '评定周期、审定授星、公示与异议', en: 'Run cycles, approve stars, public notice and objections' },
  'web.permission.star:export': { 'zh-CN': '导出星级结果', en: 'Export star results' },

  'web.stars.level.good': { 'zh-CN': '好', en: 'Good' },
  'web.stars.level.fairly-good': { 'zh-CN': '较好', en: 'Fairly good' },
  'web.stars.level.average': { 'zh-CN': '一般', en: 'Average' },
  'web.stars.level.poor': { 'zh-CN': '差', en: 'Poor' },

  'web.stars.honour.five-good-branch': { 'zh-CN': '五好党支部', en: 'Five-good party branch' },
  'web.stars.honour.city-advanced': { 'zh-CN': '市级及以上先进基层党组织', en: 'Advanced grassroots party organisation (city level and above)' },
  'web.stars.honour.region-advanced': { 'zh-CN': '自治区级先进基层党组织', en: 'Advanced grassroots party organisation (autonomous region)' },
  'web.stars.honour.ethnic-unity-progress': { 'zh-CN': '民族团结进步评选', en: 'Ethnic unity and progress award' },
  'web.stars.honour.religious-double-five-good': { 'zh-CN': '宗教界“双五好”评选', en: 'Religious “double five-good” award' },
  'web.stars.honour.civilized-community': { 'zh-CN': '文明社区', en: 'Civilised community' },
  'web.stars.honour.safe-community': { 'zh-CN': '平安社区', en: 'Safe community' },

  'web.stars.phase.before': { 'zh-CN': '未开始', en: 'Not started' },
  'web.stars.phase.self-assessment': { 'zh-CN': '社区自评', en: 'Self-assessment' },
  'web.stars.phase.resident-survey': { 'zh-CN': '群众测评', en: 'Resident survey' },
  'web.stars.phase.township-scoring': { 'zh-CN': '乡镇考评', en: 'Township scoring' },
  'web.stars.phase.department-review': { 'zh-CN': '市属部门复核验收', en: 'Department review' },
  'web.stars.phase.city-approval': { 'zh-CN': '市委审定授星', en: 'City approval' },
  'web.stars.phase.public-notice': { 'zh-CN': '公示', en: 'Public notice' },
  'web.stars.phase.display': { 'zh-CN': '亮星', en: 'Display' },

  'web.stars.entryState.drafting': { 'zh-CN': '自评中', en: 'Self-assessing' },
  'web.stars.entryState.submitted': { 'zh-CN': '已提交自评', en: 'Self-assessment submitted' },
  'web.stars.entryState.scored': { 'zh-CN': '乡镇已考评', en: 'Scored by the township' },
  'web.stars.entryState.reviewed': { 'zh-CN': '部门已验收', en: 'Reviewed by departments' },
  'web.stars.entryState.approved': { 'zh-CN': '市委已审定', en: 'Approved by the city' },
  'web.stars.entryState.displayed': { 'zh-CN': '已亮星', en: 'Stars displayed' },

  'web.stars.reviewState.pending': { 'zh-CN': '待复核', en: 'Awaiting review' },
  'web.stars.reviewState.accepted': { 'zh-CN': '验收通过', en: 'Accepted' },
  'web.stars.reviewState.returned': { 'zh-CN': '退回重评', en: 'Returned' },

  'web.stars.change.awarded': { 'zh-CN': '授星', en: 'Awarded' },
  'web.stars.change.lost': { 'zh-CN': '年度评定未获', en: 'Not awarded this year' },
  'web.stars.change.removed': { 'zh-CN': '减星', en: 'Removed' },
  'web.stars.change.added': { 'zh-CN': '增星', en: 'Added' },
} satisfies MessageSection;
