import type { StarCatalogContent, StarIndicator } from '@lingyan/shared';

/**
 * The default ten-star catalog (DOMAIN.md: 和田市's ten stars merged with the essay's) and the
 * city departments that review them. Both are data: the city edits them per year.
 */
export const DEFAULT_DEPARTMENTS: { code: string; name: string }[] = [
  { code: 'zzb', name: '市委组织部' },
  { code: 'mzj', name: '市民政局' },
  { code: 'tzb', name: '市委统战部' },
  { code: 'mzzj', name: '市民族宗教事务局' },
  { code: 'zfw', name: '市委政法委' },
  { code: 'xcb', name: '市委宣传部（文明办）' },
  { code: 'jggw', name: '市直机关工委' },
  { code: 'zjj', name: '市住房和城乡建设局' },
  { code: 'jw', name: '市纪委监委' },
];

const manual = (code: string, name: string, scoring: string, weight: number): StarIndicator => ({ code, name, scoring, weight, source: 'manual' });
const survey = (weight: number): StarIndicator => ({
  code: 'resident-survey',
  name: '群众测评满意度',
  scoring: '本星群众测评：满意计 100 分、基本满意计 60 分、不满意计 0 分，取平均',
  weight,
  source: 'resident-survey',
});

export const DEFAULT_STAR_CATALOG: StarCatalogContent = {
  stars: [
    {
      code: 'organization',
      name: '组织建设星',
      description: '班子坚强、制度健全、党员队伍管理规范，网格全覆盖',
      passMark: 80,
      departmentCode: 'zzb',
      surveyQuestion: '您对社区党组织班子建设和党员作用发挥是否满意？',
      indicators: [
        manual('committee', '班子建设', '两委班子配齐配强、分工明确、议事规则健全；缺一项扣 20 分', 30),
        manual('party-life', '组织生活', '“三会一课”、主题党日按时开展并有记录；少一次扣 10 分', 30),
        { code: 'visit-coverage', name: '入户走访覆盖率', scoring: '本年度各走访周期的户覆盖率，按百分比计分', weight: 20, source: 'visit-coverage' },
        survey(20),
      ],
    },
    {
      code: 'service',
      name: '服务群众星',
      description: '一站式服务、首问负责、限时办结、全程代办、上门服务落实到位',
      passMark: 80,
      departmentCode: 'mzj',
      surveyQuestion: '您对社区办事服务（一站式服务大厅、代办、上门服务）是否满意？',
      indicators: [
        { code: 'on-time', name: '按时办结率', scoring: '服务大厅本年度按时办结率，按百分比计分', weight: 30, source: 'service-on-time-rate' },
        { code: 'satisfaction', name: '办事满意率', scoring: '服务大厅本年度评价满意率，按百分比计分', weight: 30, source: 'service-satisfaction-rate' },
        manual('hall', '服务阵地', '服务大厅公开事项、时限和责任人，窗口每日有人；缺一项扣 25 分', 20),
        survey(20),
      ],
    },
    {
      code: 'democracy',
      name: '民主管理星',
      description: '居务公开、民主决策、居民议事规范',
      passMark: 80,
      departmentCode: 'mzj',
      surveyQuestion: '您对社区居务公开和居民议事是否满意？',
      indicators: [
        manual('openness', '居务公开', '按季度公开财务和重大事项；少一次扣 20 分', 40),
        manual('deliberation', '民主决策', '重大事项经“四议两公开”决定；一项未经扣 25 分', 40),
        survey(20),
      ],
    },
    {
      code: 'ethnic-unity',
      name: '民族团结星',
      description: '民族团结一家亲、结对认亲、交往交流交融活动常态化',
      passMark: 80,
      departmentCode: 'tzb',
      surveyQuestion: '您对社区民族团结工作是否满意？',
      indicators: [
        manual('pairing', '结对认亲', '结对认亲户覆盖、每季度走访有记录；覆盖不足按比例扣分', 40),
        manual('activities', '交往交流交融活动', '每季度至少一次各族群众共同参与的活动；少一次扣 20 分', 40),
        survey(20),
      ],
    },
    {
      code: 'religious-harmony',
      name: '宗教和谐星',
      description: '宗教活动依法规范、无非法宗教活动',
      passMark: 80,
      departmentCode: 'mzzj',
      surveyQuestion: '您对社区宗教事务管理和邻里和谐是否满意？',
      indicators: [
        manual('legal', '依法管理', '宗教活动场所、人员登记备案齐全；发现非法宗教活动本项不得分', 50),
        manual('harmony', '和谐稳定', '全年无因宗教引发的矛盾纠纷；发生一起扣 25 分', 30),
        survey(20),
      ],
    },
    {
      code: 'safety',
      name: '平安建设星',
      description: '矛盾纠纷化解在基层、出租房屋和流动人口管理到位、无重大案事件',
      passMark: 80,
      departmentCode: 'zfw',
      surveyQuestion: '您对社区治安和平安建设是否满意？',
      indicators: [
        { code: 'events-on-time', name: '事件按时办结率', scoring: '网格事件本年度按时办结率，按百分比计分', weight: 30, source: 'event-closed-on-time-rate' },
        {
          code: 'rentals',
          name: '出租房屋按时登记率',
          scoring: '本年度起租的出租房屋在规定期限内登记承租人的比例（以房管人），按百分比计分',
          weight: 25,
          source: 'rental-registration-rate',
        },
        manual('no-major-case', '无重大案事件', '全年无重大刑事、治安、安全生产案事件；发生一起本项不得分', 25),
        survey(20),
      ],
    },
    {
      code: 'civility',
      name: '精神文明星',
      description: '文明创建、志愿服务、移风易俗',
      passMark: 80,
      departmentCode: 'xcb',
      surveyQuestion: '您对社区文明创建和志愿服务活动是否满意？',
      indicators: [
        manual('volunteering', '志愿服务', '注册志愿者占居民比例及人均服务时长，按标准折算', 40),
        manual('customs', '移风易俗', '红白理事会运行、文明公约上墙并落实；缺一项扣 25 分', 40),
        survey(20),
      ],
    },
    {
      code: 'co-building',
      name: '共驻共建星',
      description: '联席会议、双报到、需求资源项目三张清单',
      passMark: 80,
      departmentCode: 'jggw',
      surveyQuestion: '您对驻区单位和在职党员参与社区服务是否满意？',
      indicators: [
        manual('joint-meetings', '联席会议', '每季度召开联席会议一次；少一次扣 25 分', 40),
        manual('check-in', '双报到', '驻区单位和在职党员报到率，按百分比计分', 40),
        survey(20),
      ],
    },
    {
      code: 'environment',
      name: '环境整洁星',
      description: '环境卫生、绿化美化、物业管理',
      passMark: 80,
      departmentCode: 'zjj',
      surveyQuestion: '您对小区环境卫生和物业管理是否满意？',
      indicators: [
        manual('cleanliness', '环境卫生', '随机抽查 5 处，每处不合格扣 20 分', 50),
        manual('property', '物业管理', '物业服务覆盖率和投诉办结率，按标准折算', 30),
        survey(20),
      ],
    },
    {
      code: 'integrity',
      name: '清正廉洁星',
      description: '作风建设、资金使用规范、无违纪违法',
      passMark: 80,
      departmentCode: 'jw',
      surveyQuestion: '您对社区干部作风和廉洁情况是否满意？',
      indicators: [
        manual('funds', '资金使用', '惠民资金和办公经费使用公开、账目清楚；一项不规范扣 25 分', 40),
        manual('discipline', '无违纪违法', '全年社区干部无违纪违法；发生一起本项不得分', 40),
        survey(20),
      ],
    },
  ],
};
