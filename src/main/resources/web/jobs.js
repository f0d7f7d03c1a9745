// pvmon dashboard, the month's jobs: the county's month-end, receipts and what is owed, distribution plans, the
// household register, notifications. Loaded after app.js and sharing its helpers (h, t, table, request, may, ...);
// adds its words to the dictionaries and its pages to the routes before the first render.
'use strict';

Object.assign(I18N['zh-CN'], {
  menu: '菜单', nav_county: '月末结算', nav_receipts: '到账', nav_plans: '分配方案', nav_register: '花名册', nav_notifications: '通知',
  err_bad_parameter: '填写的内容有误', err_unauthenticated: '登录已过期，请重新登录', err_bad_credentials: '用户名或密码错误',
  err_forbidden: '您的角色无权进行此操作', err_password_change_required: '请先修改密码', err_csrf: '页面已过期，请刷新后重试',
  err_unsupported_media_type: '不支持的文件类型', err_locked: '失败次数过多，账号已暂时锁定，请稍后再试',
  err_throttled: '尝试次数过多，请稍后再试', err_not_found: '找不到该记录（或不在您的管辖范围内）', err_invalid: '文件有错误，未导入任何数据',
  err_conflict: '当前状态不允许此操作', err_too_large: '文件太大', err_internal_error: '服务出错，请联系管理员',
  err_busy: '另一个文件正在导入，请稍后再试', err_font_missing: '服务器缺少中文字体，无法生成 PDF', err_store_unavailable: '数据库暂时无法访问，请稍后再试',
  err_nothing_to_pay: '本表没有需要发放的金额，不能标记为已发放', err_amount_differs: '确认的金额与分配表不一致',
  err_weak_password: '密码不符合要求（至少 10 个字符，字母与数字混合，不含用户名）',
  err_http: (status) => `服务返回错误 (${status})`, err_network: '无法连接服务，请检查网络',
  action_failed: '操作未完成：', comment_required: '请填写说明', yuan_unit: '元',
  what_happened: '情况', affected: '受影响', lost_so_far: (kwh, y) => `至今损失 ${kwh} kWh、${y} 元`,
  alert_offline: (s) => `自 ${s} 起没有数据`, alert_idle: (s) => `自 ${s} 起发电为零`, alert_under: (s) => `自 ${s} 起发电量明显低于周边电站`,
  alert_meter: (s) => `自 ${s} 起电表读数异常（清零或跳变）`, affected_village: (name, share, n) => `${name}（占 ${share}%，${n} 户）`,
  households_n: (n) => `共 ${n} 户`, station_recovered: '电站已恢复', no_data_month: '暂无数据',
  receipts_and_arrears: '到账与欠款', ACCRUED: '应计收益', RECEIVED_CASH: '实收资金',
  no_cash_month: (m) => `${m} 没有到账资金：本村按实际到账分配，没有到账的月份不发放，应付的扣除和岗位工资结转到有资金的月份。`,
  see_cash_month: (m) => `查看最近有到账的月份 ${m}`,
  step_lines: (n, p, d, c) => `奖励补助 ${n} 户 · 公益岗位 ${p} 个 · 扣除 ${d} 元 · 村集体 ${c} 元`,
  nothing_to_pay: '本表没有需要发放的金额（保持“已公示”，欠付结转下月）',
  pay_amount_label: '请输入实际发放的金额（元）以确认：', pay_amount_differs: (a) => `金额不一致：本表应发放 ${a} 元`,
  approve_what: (v, m) => `审核通过 ${v} ${m} 收益分配表：以下金额将提交公示。`,
  publish_what: (v, m) => `公示 ${v} ${m} 收益分配表（公示版不列各户金额）。公示后不能修改，只能生成调整表。`,
  pay_what: (v, m) => `确认 ${v} ${m} 收益分配表的资金已经发放。`,
  delete_draft: '删除草稿', delete_what: (v, m) => `删除 ${v} ${m} 的草稿（可重新生成）。`,
  create_adjustment: '生成调整表', adjust_what: (v, m) => `按当前数据重新计算 ${v} ${m}，生成调整表（草稿），列出与原表的差额。`,
  source_received: (m) => `按实收资金分配：本月分配的是 ${m} 实际到账的资金（按到账日期、按本村股份），与电费、补贴所属月份无关。`,
  source_accrued: '按应计收益分配：各电站本月发电量 × 电价，按本村股份计入。',
  received_on: '到账日期', pays_for: '所属期', receipt_amount: '到账金额 (元)', village_amount: '本村所得 (元)', reference: '凭证号',
  earned_vs_received: '各电站本月应得与实收', received_range: '已到账 (元)', village_total: '本村合计', earned_yuan: '本月应得 (元)', received_yuan: '本月到账 (元)',
  kind_DEDUCTION: '扣除项目', kind_POST_WAGE: '公益岗位工资', item: '项目', none: '无', arrears: '欠付与结转',
  carried_in_title: '上月结转的欠付（本月优先支付）', nothing_distributed: '本月没有可分配的资金',
  approve_title: '审核分配表', publish_title: '公示分配表', pay_title: '确认已发放',
  comment_hint_approve: '选填，例如：村两委会议审议通过', comment_hint_publish: '选填，例如：已在村务公开栏张贴，公示 7 天',
  comment_hint_pay: '选填，例如：已通过一卡通发放到户',
  // month-end
  county_title: '全县月末结算', county: '县', drafts_all: '生成全县草稿', drafts_done: (c, a, n) => `新生成 ${c} 份草稿，已有 ${a} 份，${n} 个村没有电站份额`,
  drafts_what: (c, m) => `为 ${c} 每个村生成 ${m} 收益分配表草稿（已有分配表的村不变）。`,
  NONE: '未生成', villages_n: (n) => `${n} 个村`, households_paid: '受益户', accrued_yuan: '应计 (元)', received_for_month: '本月所属已到账 (元)',
  outstanding_yuan: '尚欠 (元)', cash_arrived: '本月到账 (元)', by_status: '状态', receivables_title: (f, to) => `应收与欠款（${f} 至 ${to}）`,
  // receipts
  receipts_title: '到账记录', record_receipt: '登记到账', void: '作废', void_title: '作废到账记录', void_reason: '作废原因',
  voided: '已作废', recorded_by: '登记人', all_stations: '全部电站', period_from: '所属期起', period_to: '所属期止',
  receipt_recorded: (id) => `已登记到账 #${id}`, receivables_village: (f, to) => `本村应收与欠款（${f} 至 ${to}）`,
  // plans
  plans_title: '分配方案', version: '版本', effective_from: '起始月份', created_by: '制定人', plan_default: '未录入方案：按默认方案（应计收益）分配',
  new_version: '新建版本', save_version: '保存为新版本', rule_PER_KWP_YEAR: '每千瓦每年 (元)', rule_PERCENT_OF_BASIS: '收益的百分比 (%)',
  rule_FIXED_MONTHLY: '每月固定 (元)', rule_RESERVE_PERCENT: '准备金 (%，不计欠缴)', value: '数值', add_deduction: '添加扣除项目',
  remove: '删除', alloc_POST_WAGES: '公益岗位工资', alloc_HOUSEHOLD_REWARDS: '奖励补助', alloc_PUBLIC_WORKS: '小型公益事业',
  alloc_COLLECTIVE: '村集体', percent: '比例 (%)', fixed_yuan: '每月固定 (元)', base_weight: '基础权重', annual_cap: '每户每年上限 (元)',
  weights: '差异化权重', plan_saved: (y, v) => `已保存 ${y} 年第 ${v} 版`, plan_shown: '方案内容', applies_now: '本月适用',
  // register
  register_title: '花名册', size: '人口', attributes: '属性', enrollments: '纳入期间', enrolled_today: '目前在册', monthly_wage: '月工资 (元)',
  active_range: '在岗期间', download: '下载（编辑后上传）', upload: '上传修改', upload_table: '表', choose_file: '选择文件 (CSV 或 XLSX)',
  upload_done: (n) => `已导入 ${n} 行`, upload_problems: (n) => `文件有 ${n} 处错误，未导入任何数据：`, row: '行', column: '列',
  problem: '问题', to_now: '至今', households_table: '贫困户', posts_table: '公益岗位',
  edit: '编辑', add_household: '添加户', add_post: '添加岗位', edit_household: (id) => `编辑户 ${id}`, new_household: '新增一户',
  edit_post: (id) => `编辑岗位 ${id}`, new_post: '新增岗位', household_id: '户编号', post_id: '岗位编号', save: '保存',
  id_number_full: '身份证号', id_number_keep: (m) => `不改请留空（现为 ${m}）；修改请填写完整的 18 位号码`,
  enrolled_from: '纳入日期', enrolled_to: '退出日期（在册留空）', add_enrollment: '添加纳入期间', post_from: '开始日期', post_to: '结束日期（在岗留空）',
  saved_household: (id) => `已保存户 ${id}`, saved_post: (id) => `已保存岗位 ${id}`, form_problems: (n) => `有 ${n} 处需要修改（已在各栏标出），未保存`,
  DISABILITY: '残疾', SERIOUS_ILLNESS: '大病', ELDERLY_LIVING_ALONE: '独居老人', NO_LABOUR_CAPACITY: '无劳动能力', WEAK_LABOUR_CAPACITY: '弱劳动能力',
  // notifications
  notifications_title: '告警通知', receiver: '接收方', event: '事件', attempts: '尝试次数', last_error: '最近错误', sent_at: '发送时间',
  queued_at: '排队时间', next_attempt: '下次尝试', status_pending: '待发送', status_sent: '已发送', status_failed: '失败',
  opened: '告警产生', resolved_event: '告警解除', all: '全部', no_notifications: '没有通知',
  open_alerts_first: '待处理告警', my_stations: '我的电站',
});

Object.assign(I18N.en, {
  menu: 'Menu', nav_county: 'Month end', nav_receipts: 'Receipts', nav_plans: 'Plans', nav_register: 'Register', nav_notifications: 'Notifications',
  err_bad_parameter: 'Something entered is not right', err_unauthenticated: 'Your session ended; please sign in again',
  err_bad_credentials: 'Wrong username or password', err_forbidden: 'Your role may not do this', err_password_change_required: 'Change your password first',
  err_csrf: 'The page is out of date; reload it and try again', err_unsupported_media_type: 'This kind of file is not accepted',
  err_locked: 'Too many failures: the account is locked for a while', err_throttled: 'Too many attempts; try again later',
  err_not_found: 'Not found (or outside your area)', err_invalid: 'The file has errors; nothing was imported',
  err_conflict: 'Not possible in the current state', err_too_large: 'The file is too large', err_internal_error: 'The service failed; tell the administrator',
  err_busy: 'Another file is being imported; try again in a moment', err_font_missing: 'The server lacks the Chinese font for PDF',
  err_store_unavailable: 'The database is not reachable right now; try again shortly',
  err_nothing_to_pay: 'This statement pays out nothing: it cannot be marked paid', err_amount_differs: 'The amount confirmed differs from the statement',
  err_weak_password: 'Password too weak (10+ characters, letters and digits, not the username)',
  err_http: (status) => `The service answered an error (${status})`, err_network: 'Cannot reach the service; check the network',
  action_failed: 'Not done: ', comment_required: 'Please write a comment', yuan_unit: 'yuan',
  what_happened: 'What', affected: 'Affected', lost_so_far: (kwh, y) => `lost so far ${kwh} kWh, ${y} yuan`,
  alert_offline: (s) => `no data since ${s}`, alert_idle: (s) => `zero output since ${s}`, alert_under: (s) => `well below nearby stations since ${s}`,
  alert_meter: (s) => `meter readings wrong (reset or jump) since ${s}`, affected_village: (name, share, n) => `${name} (${share}%, ${n} households)`,
  households_n: (n) => `${n} households`, station_recovered: 'the station recovered', no_data_month: 'no data',
  receipts_and_arrears: 'Receipts and arrears', ACCRUED: 'accrued revenue', RECEIVED_CASH: 'cash received',
  no_cash_month: (m) => `No cash arrived in ${m}: the village distributes the cash that arrives, so this month pays nothing and carries its owed deductions and wages to a month with cash.`,
  see_cash_month: (m) => `see ${m}, the latest month with cash`,
  step_lines: (n, p, d, c) => `household rewards ${n} households · ${p} posts · deductions ${d} yuan · collective ${c} yuan`,
  nothing_to_pay: 'This statement pays out nothing (it stays published; what is owed goes to next month)',
  pay_amount_label: 'Type the amount paid out (yuan) to confirm:', pay_amount_differs: (a) => `Amounts differ: this statement pays out ${a} yuan`,
  approve_what: (v, m) => `Approve the statement of ${v} for ${m}: these amounts go to the public notice.`,
  publish_what: (v, m) => `Publish the statement of ${v} for ${m} (the notice lists no household's amount). A published statement never changes; correct it with an adjustment.`,
  pay_what: (v, m) => `Confirm that the money of ${v}'s statement for ${m} was paid out.`,
  delete_draft: 'Delete draft', delete_what: (v, m) => `Delete the draft of ${v} for ${m} (it can be created again).`,
  create_adjustment: 'Create adjustment', adjust_what: (v, m) => `Recompute ${v}'s ${m} from today's data as an adjustment (a draft) with the differences.`,
  source_received: (m) => `Distributed on cash received: the money of this statement is the cash that arrived in ${m} (by the day it arrived, the village's share), whatever months it pays for.`,
  source_accrued: "Distributed on accrued revenue: each station's energy this month × its tariff, the village's share of it.",
  received_on: 'Received on', pays_for: 'Pays for', receipt_amount: 'Receipt (yuan)', village_amount: 'Village (yuan)', reference: 'Reference',
  earned_vs_received: 'Earned and received by station this month', received_range: 'Received (yuan)', village_total: 'The village', earned_yuan: 'Earned (yuan)', received_yuan: 'Received (yuan)',
  kind_DEDUCTION: 'Deduction', kind_POST_WAGE: 'Post wage', item: 'Item', none: 'none', arrears: 'Arrears',
  carried_in_title: 'Owed from last month (paid first)', nothing_distributed: 'Nothing to distribute this month',
  comment_hint_approve: 'optional, e.g. passed by the village committee meeting', comment_hint_publish: 'optional, e.g. posted on the village notice board for 7 days',
  comment_hint_pay: 'optional, e.g. paid to each household\'s social-security card',
  county_title: 'County month end', county: 'County', drafts_all: 'Create drafts for every village',
  drafts_done: (c, a, n) => `${c} drafts created, ${a} already there, ${n} villages own no station share`,
  drafts_what: (c, m) => `Create the ${m} draft statement of every village of ${c} (villages that have one keep it).`,
  NONE: 'none yet', villages_n: (n) => `${n} villages`, households_paid: 'Households', accrued_yuan: 'Accrued (yuan)',
  received_for_month: 'Received for the month (yuan)', outstanding_yuan: 'Owed (yuan)', cash_arrived: 'Cash arrived (yuan)', by_status: 'Status',
  receivables_title: (f, to) => `Receivables and arrears (${f} to ${to})`,
  receipts_title: 'Receipts', record_receipt: 'Record receipt', void: 'Void', void_title: 'Void receipt', void_reason: 'Reason',
  voided: 'voided', recorded_by: 'Recorded by', all_stations: 'All stations', period_from: 'For months from', period_to: 'to',
  receipt_recorded: (id) => `Receipt #${id} recorded`, receivables_village: (f, to) => `The village's receivables (${f} to ${to})`,
  plans_title: 'Distribution plans', version: 'Version', effective_from: 'From month', created_by: 'By', plan_default: 'No stored plan: the default plan (accrued basis)',
  new_version: 'New version', save_version: 'Save as a new version', rule_PER_KWP_YEAR: 'yuan per kWp a year', rule_PERCENT_OF_BASIS: '% of revenue',
  rule_FIXED_MONTHLY: 'yuan a month', rule_RESERVE_PERCENT: 'reserve % (not owed)', value: 'Value', add_deduction: 'Add deduction',
  remove: 'Remove', alloc_POST_WAGES: 'Post wages', alloc_HOUSEHOLD_REWARDS: 'Household rewards', alloc_PUBLIC_WORKS: 'Public works',
  alloc_COLLECTIVE: 'Village collective', percent: 'Percent', fixed_yuan: 'Fixed yuan a month', base_weight: 'Base weight',
  annual_cap: 'Cap per household a year (yuan)', weights: 'Weights', plan_saved: (y, v) => `Saved: ${y} version ${v}`, plan_shown: 'The plan',
  applies_now: 'applies this month',
  register_title: 'Household register', size: 'Size', attributes: 'Attributes', enrollments: 'Enrolled', enrolled_today: 'Enrolled now',
  monthly_wage: 'Monthly wage (yuan)', active_range: 'Active', download: 'Download (edit, then upload)', upload: 'Upload changes',
  upload_table: 'Table', choose_file: 'File (CSV or XLSX)', upload_done: (n) => `${n} rows imported`,
  upload_problems: (n) => `The file has ${n} problem(s); nothing was imported:`, row: 'Row', column: 'Column', problem: 'Problem', to_now: 'now',
  households_table: 'Households', posts_table: 'Posts',
  edit: 'Edit', add_household: 'Add household', add_post: 'Add post', edit_household: (id) => `Edit household ${id}`, new_household: 'New household',
  edit_post: (id) => `Edit post ${id}`, new_post: 'New post', household_id: 'Household id', post_id: 'Post id', save: 'Save',
  id_number_full: 'ID number', id_number_keep: (m) => `leave empty to keep it (now ${m}); to change it, type the full 18 characters`,
  enrolled_from: 'Enrolled on', enrolled_to: 'Left on (empty while enrolled)', add_enrollment: 'Add enrollment', post_from: 'Start',
  post_to: 'End (empty while active)', saved_household: (id) => `Household ${id} saved`, saved_post: (id) => `Post ${id} saved`,
  form_problems: (n) => `${n} thing(s) to correct, marked at each field; nothing saved`,
  DISABILITY: 'disability', SERIOUS_ILLNESS: 'serious illness', ELDERLY_LIVING_ALONE: 'elderly living alone', NO_LABOUR_CAPACITY: 'no labour capacity',
  WEAK_LABOUR_CAPACITY: 'weak labour capacity',
  notifications_title: 'Alert notifications', receiver: 'Receiver', event: 'Event', attempts: 'Attempts', last_error: 'Last error', sent_at: 'Sent',
  queued_at: 'Queued', next_attempt: 'Next attempt', status_pending: 'pending', status_sent: 'sent', status_failed: 'failed',
  opened: 'opened', resolved_event: 'resolved', all: 'All', no_notifications: 'No notifications',
  open_alerts_first: 'Open alerts', my_stations: 'My stations',
});

const enc = encodeURIComponent;
const isMonth = (m) => /^\d{4}-\d{2}$/.test(m || '');
let registryVillagesCache = null;

/** The villages of the caller's scope from the register (id, name, township, county). */
async function registryVillages() {
  if (!registryVillagesCache) {
    registryVillagesCache = (await getJson('/api/registry/villages')).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }
  return registryVillagesCache;
}

/** A select of the scope's villages; choosing one goes to {@code route} with it. */
function villageChooser(list, village, route, extra = {}) {
  return h('label', {}, t('choose_village') + ' ', h('select', { id: 'f-village', onchange: (e) => setQuery(route, { ...extra, village: e.target.value }) },
    list.map((v) => h('option', { value: v.id, text: list.some((o) => o.name === v.name && o.id !== v.id) ? `${v.township} ${v.name}` : v.name,
      selected: v.id === village }))));
}

/** A note under the page's heading (what was just done), shown on the next render of that page only. */
let flash = null;
function takeFlash(page) {
  if (!flash || flash.page !== page) return null;
  const f = flash;
  flash = null;
  return h('p', { class: 'notice', id: 'flash', text: f.text });
}

// ---- county month-end ------------------------------------------------------------------------------------------

async function countyPage(view, token, query) {
  const counties = me.scope.county ? [me.scope.county] : [...new Set((await registryVillages()).map((v) => v.county))].sort();
  const county = counties.includes(query.county) ? query.county : counties[0];
  const month = isMonth(query.month) && query.month < clock.month ? query.month : addMonths(clock.month, -1);
  const from = month.slice(0, 4) + '-01';
  const [roll, recv] = await Promise.all([getJson(`/api/counties/${enc(county)}/statements?month=${month}`),
    getJson(`/api/counties/${enc(county)}/receivables?from=${from}&to=${month}`)]);
  if (token !== renderToken) return;
  const monthInput = h('input', { type: 'month', id: 'f-month', value: month, max: addMonths(clock.month, -1), min: '2014-01',
    onchange: (e) => setQuery('#/county', { county, month: e.target.value }) });
  const countySelect = h('select', { id: 'f-county', onchange: (e) => setQuery('#/county', { county: e.target.value, month }) },
    counties.map((c) => h('option', { value: c, text: c, selected: c === county })));
  const tot = roll.totals;
  const statusLine = Object.entries(tot.byStatus || {}).filter(([, n]) => n > 0).map(([k, n]) => `${t(k)} ${n}`).join(' · ');
  const panel = h('section', { class: 'panel' }, h('h2', { text: `${t('county_title')} · ${county} ${month}` }), takeFlash('county'),
    h('div', { class: 'toolbar filters' }, counties.length > 1 ? h('label', {}, t('county') + ' ', countySelect) : null,
      h('label', {}, t('month') + ' ', monthInput),
      may('STATEMENT_PREPARE') ? h('button', { type: 'button', class: 'primary', id: 'btn-drafts', text: t('drafts_all'), onclick: async () => {
        if (!await askStep(t('drafts_all'), t('drafts_what', county, month), false)) return;
        act(async () => {
          const r = await postJson(`/api/counties/${enc(county)}/statements?month=${month}`);
          flash = { page: 'county', text: t('drafts_done', r.created, r.alreadyThere, r.nothingToDistribute) };
          render();
        });
      } }) : null,
      h('span', { class: 'updated', id: 'county-status', text: `${t('villages_n', tot.villages)} · ${statusLine}` })));
  const statusOf = (v) => (v.latestStatus || v.status);
  panel.append(table([
    { label: t('village'), cell: (v) => link(`#/statements?village=${enc(v.village)}&month=${month}`, v.name) },
    { label: t('township'), cell: (v) => v.township },
    { label: t('status'), cell: (v) => badge(statusOf(v).toLowerCase(), t(statusOf(v))) },
    { label: t('basis'), cell: (v) => (v.basis ? t(v.basis) : '–') },
    { label: t('cash_arrived'), num: true, cell: (v) => yuan(v.cashArrivedYuan) },
    { label: t('distributable_yuan'), num: true, cell: (v) => (v.distributableYuan === null ? '–' : yuan(v.distributableYuan)) },
    { label: t('households_paid'), num: true, cell: (v) => (v.householdsPaid === null ? '–' : v.householdsPaid) },
    { label: t('accrued_yuan'), num: true, cell: (v) => yuan(v.accruedYuan) },
    { label: t('received_for_month'), num: true, cell: (v) => yuan(v.receivedYuan) },
    { label: t('outstanding_yuan'), num: true, cell: (v) => yuan(v.outstandingYuan) },
    { label: '', cell: (v) => (v.latestStatementId ? link('#/statement/' + v.latestStatementId, t('view')) : '') },
  ], roll.villages, { id: 'county-villages', rowProps: (v) => ({ class: 'county-village', dataset: { village: v.village } }),
    foot: [t('total'), '', '', '', yuan(tot.cashArrivedYuan), yuan(tot.distributableYuan), String(tot.householdsPaid), yuan(tot.accruedYuan),
      yuan(tot.receivedYuan), yuan(tot.outstandingYuan), ''] }));
  view.append(panel);
  view.append(h('section', { class: 'panel' }, h('h2', { text: t('receivables_title', recv.from, recv.to) }), table([
    { label: t('village'), cell: (v) => link(`#/receipts?village=${enc(v.village)}`, v.name) },
    { label: t('township'), cell: (v) => v.township },
    { label: t('accrued_yuan'), num: true, cell: (v) => yuan(v.accruedYuan) },
    { label: t('received_range'), num: true, cell: (v) => yuan(v.receivedYuan) },
    { label: t('outstanding_yuan'), num: true, cell: (v) => yuan(v.outstandingYuan) },
  ], recv.villages, { id: 'county-receivables', foot: [t('total'), '', yuan(recv.totals.accruedYuan), yuan(recv.totals.receivedYuan),
    yuan(recv.totals.outstandingYuan)] })));
}

// ---- receipts and what is owed ---------------------------------------------------------------------------------

async function receiptsPage(view, token, query) {
  const [villages, stations, list] = await Promise.all([registryVillages(), getJson('/api/registry/stations'), getJson('/api/receipts')]);
  if (token !== renderToken) return;
  const village = villages.some((v) => v.id === query.village) ? query.village : (villages.length === 1 ? villages[0].id : '');
  const ownedBy = (v) => stations.filter((s) => (s.owners || []).some((o) => o.village === v));
  const shown = village ? ownedBy(village) : stations;
  const ids = new Set(shown.map((s) => s.id));
  const names = new Map(stations.map((s) => [s.id, s.name]));
  const rows = list.receipts.filter((r) => ids.has(r.station)).sort((a, b) => (b.receivedOn.localeCompare(a.receivedOn)) || b.id - a.id);
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('receipts_title') }), takeFlash('receipts'),
    h('div', { class: 'toolbar filters' }, h('label', {}, t('choose_village') + ' ', h('select', { id: 'f-village',
      onchange: (e) => setQuery('#/receipts', { village: e.target.value }) },
    villages.length > 1 ? h('option', { value: '', text: t('all_villages') }) : null,
    villages.map((v) => h('option', { value: v.id, text: v.name, selected: v.id === village }))))));
  panel.append(table([
    { label: '#', cell: (r) => r.id },
    { label: t('received_on'), cell: (r) => r.receivedOn },
    { label: t('station'), cell: (r) => names.get(r.station) || r.station },
    { label: t('part'), cell: (r) => t(r.part) },
    { label: t('pays_for'), cell: (r) => (r.periodFrom === r.periodTo ? r.periodFrom : `${r.periodFrom} – ${r.periodTo}`) },
    { label: t('receipt_amount'), num: true, cell: (r) => (r.voided ? h('s', { text: yuan(r.amountYuan) }) : yuan(r.amountYuan)) },
    { label: t('reference'), cell: (r) => r.reference || '–' },
    { label: t('recorded_by'), class: 'who', cell: (r) => `${r.recordedBy} ${localTime(r.recordedAt)}` },
    { label: t('status'), class: 'who', cell: (r) => (r.voided ? `${t('voided')}：${r.voided.by} ${localTime(r.voided.at)} ${r.voided.reason}` : '') },
    ...(may('RECEIPT_RECORD') ? [{ label: t('actions'), cell: (r) => (r.voided ? '' : h('button', { type: 'button', class: 'void', text: t('void'),
      onclick: async () => {
        const answer = await askStep(t('void_title'), `#${r.id} ${names.get(r.station) || r.station} ${r.receivedOn} ${t(r.part)} ${yuan(r.amountYuan)}`,
          true, { commentRequired: true });
        if (!answer) return;
        act(async () => { await postJson(`/api/receipts/${r.id}/void`, { reason: answer.comment }); render(); });
      } })) }] : []),
  ], rows, { id: 'receipts', rowProps: (r) => ({ class: 'receipt' + (r.voided ? ' voided' : ''), dataset: { id: String(r.id) } }), emptyText: t('none') }));
  if (may('RECEIPT_RECORD') && shown.length) {
    const f = {
      station: h('select', { id: 'r-station' }, shown.map((s) => h('option', { value: s.id, text: `${s.name} (${s.id})` }))),
      receivedOn: h('input', { type: 'date', id: 'r-on', required: true, max: clock.today, value: clock.today }),
      periodFrom: h('input', { type: 'month', id: 'r-from', required: true, max: clock.month, value: addMonths(clock.month, -1) }),
      periodTo: h('input', { type: 'month', id: 'r-to', max: clock.month, value: addMonths(clock.month, -1) }),
      part: h('select', { id: 'r-part' }, ['BENCHMARK', 'SUBSIDY'].map((p) => h('option', { value: p, text: t(p) }))),
      amount: h('input', { id: 'r-amount', required: true, inputmode: 'decimal', size: 10 }),
      reference: h('input', { id: 'r-reference', maxlength: 200, size: 18 }),
    };
    panel.append(h('h3', { text: t('record_receipt') }), h('form', { class: 'form-row', id: 'receipt-form', onsubmit: (e) => {
      e.preventDefault();
      act(async () => {
        const r = await postJson(`/api/stations/${enc(f.station.value)}/receipts`, { receivedOn: f.receivedOn.value, periodFrom: f.periodFrom.value,
          periodTo: f.periodTo.value || f.periodFrom.value, part: f.part.value, amountYuan: f.amount.value.replace(/[,，\s]/g, ''),
          reference: f.reference.value.trim() || null });
        flash = { page: 'receipts', text: t('receipt_recorded', r.id) };
        render();
      });
    } }, h('label', {}, t('station'), f.station), h('label', {}, t('received_on'), f.receivedOn), h('label', {}, t('period_from'), f.periodFrom),
    h('label', {}, t('period_to'), f.periodTo), h('label', {}, t('part'), f.part), h('label', {}, t('receipt_amount'), f.amount),
    h('label', {}, t('reference'), f.reference), h('button', { type: 'submit', class: 'primary', id: 'r-submit', text: t('record_receipt') })));
  }
  view.append(panel);
  if (village) {
    const recv = await getJson(`/api/villages/${enc(village)}/receivables?from=${clock.month.slice(0, 4)}-01&to=${clock.month}`);
    if (token !== renderToken) return;
    view.append(h('section', { class: 'panel' }, h('h2', { text: t('receivables_village', recv.from, recv.to) }), table([
      { label: t('station'), cell: (s) => names.get(s.station) || s.station },
      { label: t('share'), num: true, cell: (s) => fmt(num(s.share) * 100, 0) + '%' },
      { label: t('accrued_yuan'), num: true, cell: (s) => yuan(s.wholeStation.accruedYuan) },
      { label: t('received_range'), num: true, cell: (s) => yuan(s.wholeStation.receivedYuan) },
      { label: t('outstanding_yuan'), num: true, cell: (s) => yuan(s.wholeStation.outstandingYuan) },
    ], recv.stations, { id: 'village-receivables', foot: [t('village_total'), '', yuan(recv.accruedYuan), yuan(recv.receivedYuan), yuan(recv.outstandingYuan)] })));
  }
}

// ---- distribution plans ----------------------------------------------------------------------------------------

const DEDUCTION_RULES = ['PER_KWP_YEAR', 'PERCENT_OF_BASIS', 'FIXED_MONTHLY', 'RESERVE_PERCENT'];
const ATTRIBUTES = ['DISABILITY', 'SERIOUS_ILLNESS', 'NO_LABOUR_CAPACITY', 'ELDERLY_LIVING_ALONE', 'WEAK_LABOUR_CAPACITY'];
/** The default plan (DefaultPlan in the service) as a stored plan would say it: the start of a first version. */
const DEFAULT_PLAN = {
  basis: 'RECEIVED_CASH',
  deductions: [{ name: '运维费', rule: 'PER_KWP_YEAR', value: '30' }, { name: '风险准备金', rule: 'RESERVE_PERCENT', value: '5' }],
  allocations: [{ kind: 'POST_WAGES', name: '公益岗位工资' },
    { kind: 'HOUSEHOLD_REWARDS', name: '奖励补助', percent: '40', baseWeight: '1',
      weights: { DISABILITY: '2', SERIOUS_ILLNESS: '2', NO_LABOUR_CAPACITY: '2', ELDERLY_LIVING_ALONE: '1', WEAK_LABOUR_CAPACITY: '1' } },
    { kind: 'PUBLIC_WORKS', name: '小型公益事业', percent: '10' }, { kind: 'COLLECTIVE', name: '村集体' }],
};
const str = (v) => (v === null || v === undefined ? '' : String(v));

/** A plan in words: its deductions and allocations, each rule spelled out. */
function planTable(plan) {
  const rows = [...(plan.deductions || []).map((d) => [t('deductions'), d.name, `${t('rule_' + d.rule)}: ${str(d.value)}`]),
    ...(plan.allocations || []).map((a) => [t('allocations'), a.name || t('alloc_' + a.kind), [t('alloc_' + a.kind),
      a.percent !== undefined && a.percent !== null ? `${str(a.percent)}%` : null, a.fixedYuan ? `${t('fixed_yuan')} ${str(a.fixedYuan)}` : null,
      a.weights ? `${t('weights')}: ${t('base_weight')} ${str(a.baseWeight || 1)}, ` + Object.entries(a.weights).map(([k, w]) => `${t(k)} +${w}`).join(', ') : null,
      a.annualCapYuan ? `${t('annual_cap')} ${str(a.annualCapYuan)}` : null].filter(Boolean).join(' · ')])];
  return table([{ label: t('kind'), cell: (r) => r[0] }, { label: t('item'), cell: (r) => r[1] }, { label: t('rule'), class: 'who', cell: (r) => r[2] }],
    rows, { id: 'plan-lines' });
}

async function plansPage(view, token, query) {
  const villages = await registryVillages();
  if (token !== renderToken) return;
  const village = villages.some((v) => v.id === query.village) ? query.village : (villages[0] || {}).id;
  if (!village) return;
  const plans = await getJson(`/api/villages/${enc(village)}/plans?month=${clock.month}`);
  if (token !== renderToken) return;
  const versions = plans.plans.slice().sort((a, b) => b.year - a.year || b.version - a.version);
  const applies = plans.applies;
  const panel = h('section', { class: 'panel' }, h('h2', { text: `${t('plans_title')} · ${plans.name}` }), takeFlash('plans'),
    h('div', { class: 'toolbar filters' }, villageChooser(villages, village, '#/plans')));
  panel.append(table([
    { label: t('version'), cell: (p) => `${p.year} v${p.version}` + (applies && applies.year === p.year && applies.version === p.version ? ` (${t('applies_now')})` : '') },
    { label: t('effective_from'), cell: (p) => p.effectiveFrom },
    { label: t('basis'), cell: (p) => t(p.plan.basis || 'RECEIVED_CASH') },
    { label: t('created_by'), class: 'who', cell: (p) => `${p.createdBy} ${localTime(p.createdAt)}` },
  ], versions, { id: 'plans', rowProps: (p) => ({ class: 'plan' }), emptyText: t('plan_default') }));
  const current = applies || versions[0];
  panel.append(h('h3', { text: t('plan_shown') + (current ? ` ${current.year} v${current.version}` : '') }),
    current ? planTable(current.plan) : h('p', { class: 'muted', text: t('plan_default') }));
  view.append(panel);
  if (may('PLAN_EDIT')) view.append(planForm(village, current ? current.plan : DEFAULT_PLAN));
}

/** The next version of the village's plan, started from {@code base}; a refused field is marked where it is. */
function planForm(village, base) {
  const plan = JSON.parse(JSON.stringify(base));
  const error = h('div', { class: 'error', id: 'plan-error', hidden: true });
  const effectiveFrom = h('input', { type: 'month', id: 'p-from', required: true, value: clock.month, dataset: { param: 'effectiveFrom' } });
  const basis = h('select', { id: 'p-basis', dataset: { param: 'basis' } }, ['RECEIVED_CASH', 'ACCRUED'].map((b) => h('option', { value: b, text: t(b), selected: (plan.basis || 'RECEIVED_CASH') === b })));
  const deductions = h('div', { class: 'plan-rows', id: 'p-deductions' });
  const addDeduction = (d) => {
    const row = h('div', { class: 'form-row deduction-row' },
      h('label', {}, t('item'), h('input', { class: 'd-name', value: str(d.name), size: 10 })),
      h('label', {}, t('rule'), h('select', { class: 'd-rule' }, DEDUCTION_RULES.map((r) => h('option', { value: r, text: t('rule_' + r), selected: r === d.rule })))),
      h('label', {}, t('value'), h('input', { class: 'd-value', value: str(d.value), size: 6, inputmode: 'decimal' })),
      h('button', { type: 'button', text: t('remove'), onclick: () => row.remove() }));
    deductions.append(row);
  };
  (plan.deductions || []).forEach(addDeduction);
  const allocations = h('div', { class: 'plan-rows', id: 'p-allocations' });
  for (const a of plan.allocations || []) {
    const pct = a.kind === 'HOUSEHOLD_REWARDS' || a.kind === 'PUBLIC_WORKS';
    const row = h('div', { class: 'form-row allocation-row', dataset: { kind: a.kind } },
      h('label', {}, t('alloc_' + a.kind), h('input', { class: 'a-name', value: str(a.name), size: 10 })),
      pct ? h('label', {}, t('percent'), h('input', { class: 'a-percent', value: str(a.percent), size: 5, inputmode: 'decimal' })) : null,
      pct ? h('label', {}, t('fixed_yuan'), h('input', { class: 'a-fixed', value: str(a.fixedYuan), size: 7, inputmode: 'decimal' })) : null,
      a.kind === 'HOUSEHOLD_REWARDS' ? [h('label', {}, t('base_weight'), h('input', { class: 'a-base', value: str(a.baseWeight || '1'), size: 3 })),
        ...ATTRIBUTES.map((k) => h('label', {}, '+' + t(k), h('input', { class: 'a-weight', dataset: { attribute: k }, value: str((a.weights || {})[k] || '0'), size: 3 }))),
        h('label', {}, t('annual_cap'), h('input', { class: 'a-cap', value: str(a.annualCapYuan), size: 7 }))] : null);
    allocations.append(row);
  }
  const collect = () => ({
    effectiveFrom: effectiveFrom.value, basis: basis.value,
    deductions: [...deductions.querySelectorAll('.deduction-row')].map((r) => ({ name: r.querySelector('.d-name').value.trim(),
      rule: r.querySelector('.d-rule').value, value: r.querySelector('.d-value').value.trim() })),
    allocations: [...allocations.querySelectorAll('.allocation-row')].map((r) => {
      const a = { kind: r.dataset.kind, name: r.querySelector('.a-name').value.trim() };
      const v = (cls) => (r.querySelector(cls) ? r.querySelector(cls).value.trim() : '');
      if (v('.a-percent')) a.percent = v('.a-percent');
      if (v('.a-fixed')) a.fixedYuan = v('.a-fixed');
      if (r.dataset.kind === 'HOUSEHOLD_REWARDS') {
        a.baseWeight = v('.a-base') || '1';
        a.weights = Object.fromEntries([...r.querySelectorAll('.a-weight')].map((w) => [w.dataset.attribute, w.value.trim() || '0']));
        if (v('.a-cap')) a.annualCapYuan = v('.a-cap');
      }
      return a;
    }),
  });
  const mark = (parameter) => { // "allocations[1].percent": the second allocation's percent field, marked red
    form.querySelectorAll('.bad-cell').forEach((el) => el.classList.remove('bad-cell'));
    const m = /^(deductions|allocations)\[(\d+)\](?:\.(\w+))?/.exec(parameter || '');
    let el = null;
    if (m) {
      const row = form.querySelectorAll(m[1] === 'deductions' ? '.deduction-row' : '.allocation-row')[Number(m[2])];
      const cls = { name: '.d-name, .a-name', value: '.d-value', rule: '.d-rule', percent: '.a-percent', fixedYuan: '.a-fixed',
        baseWeight: '.a-base', annualCapYuan: '.a-cap', weights: '.a-weight' }[m[3]];
      el = row ? (cls ? row.querySelector(cls) : row) : null;
    } else if (parameter) {
      el = form.querySelector(`[data-param="${parameter}"]`);
    }
    if (el) { el.classList.add('bad-cell'); el.focus(); }
  };
  const form = h('form', { class: 'panel', id: 'plan-form', onsubmit: (e) => {
    e.preventDefault();
    error.hidden = true;
    request('POST', `/api/villages/${enc(village)}/plans`, collect()).then((p) => {
      flash = { page: 'plans', text: t('plan_saved', p.year, p.version) };
      render();
    }).catch((err) => {
      error.replaceChildren(errorNode(err));
      error.hidden = false;
      mark(err.body && err.body.parameter);
    });
  } }, h('h2', { text: t('new_version') }),
  h('div', { class: 'form-row' }, h('label', {}, t('effective_from'), effectiveFrom), h('label', {}, t('basis'), basis)),
  h('h3', { text: t('deductions') }), deductions,
  h('button', { type: 'button', id: 'p-add-deduction', text: t('add_deduction'), onclick: () => addDeduction({ name: '', rule: 'FIXED_MONTHLY', value: '0' }) }),
  h('h3', { text: t('allocations') }), allocations, error,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'p-save', text: t('save_version') })));
  return form;
}

// ---- the household register -----------------------------------------------------------------------------------

/** A problem of a refused upload: "第2行 身份证号: 校验码错误（应为7） | row 2, column 身份证号: wrong …". */
function parseProblem(text) {
  const m = /^第(\d+)行\s*([^:：]*)[:：]\s*(.*?)(?:\s\|\s(.*))?$/.exec(text);
  if (!m) return { row: null, column: null, zh: text, en: text };
  const en = m[4] ? m[4].replace(/^row \d+, column [^:]*:\s*/, '') : m[3];
  return { row: Number(m[1]), column: m[2].trim(), zh: m[3], en };
}

/** A CSV's rows (quotes and doubled quotes understood), for showing a refused file with its bad cells marked. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell.replace(/\r$/, '')); rows.push(row); }
  return rows;
}

/** One CSV line: a cell with a comma, quote or line break quoted; a formula-like text neutralised as the export does. */
function csvLine(cells) {
  return cells.map((c) => {
    let v = c === null || c === undefined ? '' : String(c).trim();
    if (/^[=+\-@']/.test(v)) v = "'" + v; // the import takes this apostrophe off again
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',') + '\r\n';
}

const HOUSEHOLD_COLUMNS = ['户编号', '村', '户主姓名', '身份证号', '家庭人口', '属性', '纳入日期', '退出日期'];
const POST_COLUMNS = ['岗位编号', '村', '岗位名称', '在岗户编号', '月工资(元)', '开始日期', '结束日期'];

/**
 * Sends a register form as a one-record CSV to the register's upload (PUT /api/registry/{table}); on a refused file
 * marks each problem at its field: {@code fieldOf(problem)} gives the input of a problem's row and column (or null).
 */
function submitRecord(form, tableName, lines, fieldOf, savedText) {
  const error = form.querySelector('.form-error');
  form.querySelectorAll('.bad-cell').forEach((el) => el.classList.remove('bad-cell'));
  form.querySelectorAll('.field-error').forEach((el) => el.remove());
  error.hidden = true;
  const file = new File(['\uFEFF' + lines.join('')], tableName + '.csv', { type: 'text/csv' });
  return sendFile('PUT', `/api/registry/${tableName}`, file).then(() => {
    registryVillagesCache = null;
    flash = { page: 'register', text: savedText };
    render();
  }).catch((err) => {
    const problems = ((err.body && err.body.problems) || []).map(parseProblem);
    if (!problems.length) { error.replaceChildren(errorNode(err, t('action_failed'))); error.hidden = false; return; }
    const general = form.querySelector('.form-row');
    const marked = new Map(); // field -> its problems' texts (a household's rows repeat the same problem of a field)
    let first = null;
    for (const p of problems) {
      const el = fieldOf(p) || general;
      const text = lang === 'en' ? p.en : p.zh;
      const texts = marked.get(el) || new Set();
      if (texts.has(text)) continue;
      texts.add(text);
      marked.set(el, texts);
      el.classList.add('bad-cell');
      (el.closest('label') || el).after(h('span', { class: 'field-error error', text: (el === general ? p.column + ': ' : '') + text }));
      first = first || el;
    }
    error.textContent = t('form_problems', [...marked.values()].reduce((n, set) => n + set.size, 0));
    error.hidden = false;
    if (first && first.focus) first.focus();
  });
}

/** A household of {@code village} to edit ({@code x} as listed) or a new one (x null): its rows sent as one CSV. */
function householdForm(village, x) {
  const attrs = new Set((x && x.attributes) || []);
  const id = h('input', { id: 'hh-id', required: true, maxlength: 64, size: 12, value: x ? x.id : '', readonly: !!x });
  const headName = h('input', { id: 'hh-head', required: true, maxlength: 100, size: 10, value: x ? x.headName : '' });
  const idNumber = h('input', { id: 'hh-idnumber', required: !x, maxlength: 18, size: 20, autocomplete: 'off', spellcheck: 'false',
    placeholder: x ? x.idNumber : '', value: '' });
  const size = h('input', { id: 'hh-size', type: 'number', required: true, min: 1, max: 99, size: 3, value: x ? x.size : 1 });
  const attributes = h('fieldset', { class: 'checks', id: 'hh-attributes' }, h('legend', { text: t('attributes') }),
    ATTRIBUTES.map((a) => h('label', {}, h('input', { type: 'checkbox', class: 'hh-attr', value: a, checked: attrs.has(a) }), ' ' + t(a))));
  const enrollments = h('div', { class: 'plan-rows', id: 'hh-enrollments' });
  const addEnrollment = (e) => {
    const row = h('div', { class: 'form-row enrollment-row' },
      h('label', {}, t('enrolled_from'), h('input', { type: 'date', class: 'e-from', value: (e && e.from) || '' })),
      h('label', {}, t('enrolled_to'), h('input', { type: 'date', class: 'e-to', value: (e && e.to) || '' })),
      h('button', { type: 'button', class: 'e-remove', text: t('remove'), onclick: () => row.remove() }));
    enrollments.append(row);
  };
  ((x && x.enrollments) || []).forEach(addEnrollment);
  if (!x) addEnrollment({ from: clock.today });
  const rows = () => [...enrollments.querySelectorAll('.enrollment-row')];
  const form = h('form', { class: 'panel', id: 'household-form', onsubmit: (ev) => {
    ev.preventDefault();
    const number = idNumber.value.trim() || (x ? x.idNumber : ''); // the masked number means "unchanged"
    const chosen = [...attributes.querySelectorAll('.hh-attr:checked')].map((c) => c.value).join(';');
    const base = [id.value.trim(), village, headName.value, number, size.value, chosen];
    const periods = rows().map((r) => [r.querySelector('.e-from').value, r.querySelector('.e-to').value]);
    const lines = [csvLine(HOUSEHOLD_COLUMNS), ...(periods.length ? periods : [['', '']]).map((p) => csvLine([...base, ...p]))];
    const fields = { 户编号: id, 户主姓名: headName, 身份证号: idNumber, 家庭人口: size, 属性: attributes };
    submitRecord(form, 'households', lines, (p) => {
      if (p.column === '纳入日期' || p.column === '退出日期') {
        const r = rows()[p.row - 2];
        return r ? r.querySelector(p.column === '纳入日期' ? '.e-from' : '.e-to') : null;
      }
      return fields[p.column] || null;
    }, t('saved_household', id.value.trim()));
  } }, h('h2', { text: x ? t('edit_household', x.id) : t('new_household') }),
  h('div', { class: 'form-row' }, h('label', {}, t('household_id'), id), h('label', {}, t('head_name'), headName),
    h('label', { class: 'wide' }, t('id_number_full'), idNumber, x ? h('small', { class: 'muted', text: t('id_number_keep', x.idNumber) }) : null),
    h('label', {}, t('size'), size)),
  attributes, h('h3', { text: t('enrollments') }), enrollments,
  h('button', { type: 'button', id: 'hh-add-enrollment', text: t('add_enrollment'), onclick: () => addEnrollment({}) }),
  h('p', { class: 'error form-error', id: 'household-error', hidden: true }),
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'hh-save', text: t('save') }),
    h('button', { type: 'button', id: 'hh-cancel', text: t('cancel'), onclick: () => form.remove() })));
  return form;
}

/** A post of {@code village} to edit ({@code p} as listed) or a new one: its row sent as one CSV. */
function postForm(village, p, households) {
  const id = h('input', { id: 'po-id', required: true, maxlength: 64, size: 12, value: p ? p.id : '', readonly: !!p });
  const title = h('input', { id: 'po-title', required: true, maxlength: 100, size: 12, value: p ? p.title : '' });
  const holder = h('select', { id: 'po-holder', required: true }, h('option', { value: '', text: '–' }),
    households.map((x) => h('option', { value: x.id, text: `${x.headName} (${x.id})`, selected: !!p && p.holderHousehold === x.id })));
  const wage = h('input', { id: 'po-wage', required: true, inputmode: 'decimal', size: 8, value: p ? str(p.monthlyWageYuan) : '' });
  const from = h('input', { id: 'po-from', type: 'date', required: true, value: p ? p.active.from : clock.today });
  const to = h('input', { id: 'po-to', type: 'date', value: p && p.active.to ? p.active.to : '' });
  const form = h('form', { class: 'panel', id: 'post-form', onsubmit: (ev) => {
    ev.preventDefault();
    const lines = [csvLine(POST_COLUMNS), csvLine([id.value.trim(), village, title.value, holder.value, wage.value.replace(/[,，\s]/g, ''), from.value, to.value])];
    const fields = { 岗位编号: id, 岗位名称: title, 在岗户编号: holder, '月工资(元)': wage, 开始日期: from, 结束日期: to };
    submitRecord(form, 'posts', lines, (q) => fields[q.column] || null, t('saved_post', id.value.trim()));
  } }, h('h2', { text: p ? t('edit_post', p.id) : t('new_post') }),
  h('div', { class: 'form-row' }, h('label', {}, t('post_id'), id), h('label', {}, t('post_title'), title), h('label', {}, t('holder'), holder),
    h('label', {}, t('monthly_wage'), wage), h('label', {}, t('post_from'), from), h('label', {}, t('post_to'), to)),
  h('p', { class: 'error form-error', id: 'post-error', hidden: true }),
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'po-save', text: t('save') }),
    h('button', { type: 'button', id: 'po-cancel', text: t('cancel'), onclick: () => form.remove() })));
  return form;
}

async function registerPage(view, token, query) {
  const villages = await registryVillages();
  if (token !== renderToken) return;
  const village = villages.some((v) => v.id === query.village) ? query.village : (villages[0] || {}).id;
  if (!village) return;
  const [households, posts] = await Promise.all([getJson(`/api/registry/villages/${enc(village)}/households`),
    getJson(`/api/registry/villages/${enc(village)}/posts`)]);
  if (token !== renderToken) return;
  const head = new Map(households.map((x) => [x.id, x.headName]));
  const ranges = (list) => (list || []).map((r) => `${r.from} – ${r.to || t('to_now')}`).join('；');
  const editing = may('REGISTER_EDIT');
  const formBox = h('div', { id: 'register-form-box' });
  const openForm = (form) => { formBox.replaceChildren(form); form.scrollIntoView({ block: 'nearest' }); const f = form.querySelector('input:not([readonly])'); if (f) f.focus(); };
  const editButton = (onclick) => h('button', { type: 'button', class: 'edit', text: t('edit'), onclick });
  const panel = h('section', { class: 'panel' }, h('h2', { text: t('register_title') }), takeFlash('register'),
    h('div', { class: 'toolbar filters' }, villageChooser(villages, village, '#/register')),
    h('h3', { text: `${t('households_table')} (${households.length})` }),
    table([
      { label: '#', cell: (x) => x.id }, { label: t('head_name'), cell: (x) => x.headName }, { label: t('id_number'), cell: (x) => x.idNumber },
      { label: t('size'), num: true, cell: (x) => x.size }, { label: t('attributes'), cell: (x) => (x.attributes || []).map((a) => t(a)).join('、') || '–' },
      { label: t('enrollments'), cell: (x) => ranges(x.enrollments) }, { label: t('enrolled_today'), cell: (x) => (x.enrolledToday ? t('yes') : t('no')) },
      ...(editing ? [{ label: t('actions'), cell: (x) => editButton(() => openForm(householdForm(village, x))) }] : []),
    ], households, { id: 'register-households', rowProps: (x) => ({ class: 'household', dataset: { id: x.id } }), emptyText: t('none') }),
    editing ? h('div', { class: 'actions' }, h('button', { type: 'button', id: 'btn-add-household', text: t('add_household'),
      onclick: () => openForm(householdForm(village, null)) })) : null,
    h('h3', { text: `${t('posts_table')} (${posts.length})` }),
    table([
      { label: '#', cell: (p) => p.id }, { label: t('post_title'), cell: (p) => p.title },
      { label: t('holder'), cell: (p) => head.get(p.holderHousehold) || p.holderHousehold || '–' },
      { label: t('monthly_wage'), num: true, cell: (p) => yuan(p.monthlyWageYuan) }, { label: t('active_range'), cell: (p) => ranges([p.active]) },
      ...(editing ? [{ label: t('actions'), cell: (p) => editButton(() => openForm(postForm(village, p, households))) }] : []),
    ], posts, { id: 'register-posts', rowProps: (p) => ({ class: 'post', dataset: { id: p.id } }), emptyText: t('none') }),
    editing ? h('div', { class: 'actions' }, h('button', { type: 'button', id: 'btn-add-post', text: t('add_post'),
      onclick: () => openForm(postForm(village, null, households)) })) : null,
    formBox,
    h('div', { class: 'actions' }, h('span', { text: t('download') + '：' }),
      ...['households', 'posts'].flatMap((tb) => ['csv', 'xlsx'].map((f) => h('a', { class: 'button', id: `export-${tb}-${f}`,
        href: `/api/registry/${tb}/export.${f}`, text: `${t(tb + '_table')} ${f.toUpperCase()}` })))));
  view.append(panel);
  if (!may('REGISTER_EDIT')) return;
  const result = h('div', { id: 'upload-result' });
  const tableSelect = h('select', { id: 'up-table' }, ['households', 'posts'].map((x) => h('option', { value: x, text: t(x + '_table') })));
  const file = h('input', { type: 'file', id: 'up-file', accept: '.csv,.xlsx,text/csv' });
  view.append(h('section', { class: 'panel' }, h('h2', { text: t('upload') }), h('form', { class: 'form-row', id: 'upload-form', onsubmit: (e) => {
    e.preventDefault();
    const f = file.files[0];
    if (!f) return;
    result.replaceChildren();
    sendFile('PUT', `/api/registry/${tableSelect.value}`, f).then((r) => {
      registryVillagesCache = null;
      flash = { page: 'register', text: t('upload_done', r.written) };
      render();
    }).catch(async (err) => {
      const problems = (err.body && err.body.problems) || [];
      if (!problems.length) { result.replaceChildren(h('p', { class: 'error' }, errorNode(err, t('action_failed')))); return; }
      const parsed = problems.map(parseProblem);
      result.append(h('p', { class: 'error', id: 'upload-error', text: t('upload_problems', parsed.length) }), table([
        { label: t('row'), num: true, cell: (p) => p.row }, { label: t('column'), cell: (p) => p.column || '–' },
        { label: t('problem'), cell: (p) => (lang === 'en' ? p.en : p.zh) },
      ], parsed, { id: 'upload-problems', rowProps: () => ({ class: 'problem' }) }));
      if (/\.csv$/i.test(f.name)) { // the file itself, its bad cells marked where they are
        const rows = parseCsv((await f.text()).replace(/^\uFEFF/, ''));
        const header = rows[0] || [];
        const bad = new Set(parsed.filter((p) => p.row).map((p) => `${p.row}:${header.indexOf(p.column)}`));
        const badRows = new Set(parsed.map((p) => p.row));
        const grid = h('table', { id: 'upload-file', class: 'grid' }, h('thead', {}, h('tr', {}, h('th', { text: t('row') }), header.map((c) => h('th', { text: c })))),
          h('tbody', {}, rows.slice(1).map((r, i) => h('tr', { class: badRows.has(i + 2) ? 'bad-row' : null }, h('td', { class: 'num', text: String(i + 2) }),
            r.map((c, j) => h('td', { class: bad.has(`${i + 2}:${j}`) || (badRows.has(i + 2) && bad.has(`${i + 2}:-1`)) ? 'bad-cell' : null,
              text: c }))))));
        result.append(h('div', { class: 'table-wrap' }, grid));
      }
    });
  } }, h('label', {}, t('upload_table'), tableSelect), h('label', {}, t('choose_file'), file),
  h('button', { type: 'submit', class: 'primary', id: 'up-submit', text: t('upload') })), result));
}

// ---- notifications ---------------------------------------------------------------------------------------------

async function notificationsPage(view, token, query) {
  const status = ['pending', 'sent', 'failed'].includes(query.status) ? query.status : 'all';
  const list = await getJson(`/api/notifications?status=${status}&limit=200`);
  if (token !== renderToken) return;
  const select = h('select', { id: 'f-status', onchange: (e) => setQuery('#/notifications', { status: e.target.value === 'all' ? '' : e.target.value }) },
    [['all', t('all')], ['pending', t('status_pending')], ['sent', t('status_sent')], ['failed', t('status_failed')]]
      .map(([v, l]) => h('option', { value: v, text: l, selected: v === status })));
  view.append(h('section', { class: 'panel' }, h('h2', { text: t('notifications_title') }),
    h('div', { class: 'toolbar filters' }, h('label', {}, t('status') + ' ', select), h('span', { class: 'updated', text: String(list.count) })),
    table([
      { label: '#', cell: (n) => n.eventId }, { label: t('event'), cell: (n) => (n.event === 'resolved' ? t('resolved_event') : t('opened')) },
      { label: t('station'), cell: (n) => n.station }, { label: t('alert_type'), cell: (n) => t(n.type) }, { label: t('at'), cell: (n) => localTime(n.at) },
      { label: t('receiver'), cell: (n) => n.receiver }, { label: t('status'), cell: (n) => badge(n.status === 'sent' ? 'resolved' : n.status === 'failed' ? 'open' : 'acknowledged', t('status_' + n.status)) },
      { label: t('attempts'), num: true, cell: (n) => n.attempts }, { label: t('sent_at'), cell: (n) => localTime(n.sentAt) },
      { label: t('next_attempt'), cell: (n) => (n.status === 'pending' ? localTime(n.nextAttemptAt) : '–') },
      { label: t('last_error'), class: 'who', cell: (n) => n.lastError || '' },
    ], list.notifications, { id: 'notifications', rowProps: (n) => ({ class: 'notification' }), emptyText: t('no_notifications') })));
}

ROUTES.push(
  [/^\/county$/, 'county', (v, tk, m, q) => countyPage(v, tk, q)],
  [/^\/receipts$/, 'receipts', (v, tk, m, q) => receiptsPage(v, tk, q)],
  [/^\/plans$/, 'plans', (v, tk, m, q) => plansPage(v, tk, q)],
  [/^\/register$/, 'register', (v, tk, m, q) => registerPage(v, tk, q)],
  [/^\/notifications$/, 'notifications', (v, tk, m, q) => notificationsPage(v, tk, q)],
);
