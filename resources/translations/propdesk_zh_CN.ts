<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddCompoundDialog</name>
    <message>
        <source>New compound</source>
        <translation>新增小区</translation>
    </message>
    <message>
        <source>Compound name:</source>
        <translation>小区名称：</translation>
    </message>
    <message>
        <source>Community:</source>
        <translation>社区：</translation>
    </message>
    <message>
        <source>Street:</source>
        <translation>街道：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>e.g. 幸福里小区</source>
        <translation>如 幸福里小区</translation>
    </message>
</context>
<context>
    <name>ArrearsPage</name>
    <message>
        <source>%1 households owe fees older than three years (%2), past the limitation period of Civil Code art. 188: the secretary decides how to proceed.</source>
        <translation>有 %1 户欠费超过三年（%2），已过《民法典》第188条规定的诉讼时效，请报书记决定如何处理。</translation>
    </message>
    <message>
        <source>By compound, as of %1: %2 households owe %3</source>
        <translation>按小区汇总（截至 %1）：%2 户欠费，合计 %3</translation>
    </message>
    <message>
        <source>Statement of account…</source>
        <translation>对账单…</translation>
    </message>
    <message>
        <source>Take a payment…</source>
        <translation>去收款…</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>As of:</source>
        <translation>截至：</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Compound:</source>
        <translation>小区：</translation>
    </message>
</context>
<context>
    <name>BillingPage</name>
    <message>
        <source>%1 bills · charged %2 · waived %3 · paid %4 · outstanding %5</source>
        <translation>%1 张账单 · 应收 %2 · 减免 %3 · 已收 %4 · 未收 %5</translation>
    </message>
    <message>
        <source>%1 of %2 units chosen · late fees %3</source>
        <translation>已选 %1 / %2 户 · 违约金 %3</translation>
    </message>
    <message>
        <source>Compound:</source>
        <translation>小区：</translation>
    </message>
    <message>
        <source>Contract number:</source>
        <translation>合同编号：</translation>
    </message>
    <message>
        <source>Term:</source>
        <translation>合同期：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Billing starts:</source>
        <translation>开始计费：</translation>
    </message>
    <message>
        <source>Billing cycle:</source>
        <translation>计费周期：</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Fee items:</source>
        <translation>收费项目：</translation>
    </message>
    <message>
        <source>Vacancy discount:</source>
        <translation>空置优惠：</translation>
    </message>
    <message>
        <source>Late fee:</source>
        <translation>违约金：</translation>
    </message>
    <message>
        <source>Contract %1</source>
        <translation>合同 %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>New contract…</source>
        <translation>新增合同…</translation>
    </message>
    <message>
        <source>Billing %1</source>
        <translation>计费 %1</translation>
    </message>
    <message>
        <source>Billing run cancelled: nothing was written.</source>
        <translation>计费已取消，账套未作任何改动。</translation>
    </message>
    <message>
        <source>Billing %1 done: %2 bills, %3; prepayments applied %4; %5 bills existed already.</source>
        <translation>%1 计费完成：生成账单 %2 张，金额 %3；预收款冲抵 %4；已存在而跳过 %5 张。</translation>
    </message>
    <message>
        <source>Choose a compound first (top right), then enter its readings.</source>
        <translation>请先在右上角选择小区，再录入该小区的抄表数。</translation>
    </message>
    <message>
        <source>This bill is settled: nothing to waive.</source>
        <translation>该账单已结清，无可减免。</translation>
    </message>
    <message>
        <source>Waive…</source>
        <translation>减免…</translation>
    </message>
    <message>
        <source>Statement of account…</source>
        <translation>对账单…</translation>
    </message>
    <message>
        <source>Computing late fees…</source>
        <translation>正在计算违约金…</translation>
    </message>
    <message>
        <source>No late fees as of %1 (none of the contracts charges them, or nothing is overdue).</source>
        <translation>截至 %1 没有违约金（合同未约定收取，或没有逾期欠费）。</translation>
    </message>
    <message>
        <source>Computing late fees</source>
        <translation>计算违约金</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>计收</translation>
    </message>
    <message>
        <source>Do not charge</source>
        <translation>不计收</translation>
    </message>
    <message>
        <source>Late fees charged to %1 units as of %2.</source>
        <translation>已向 %1 户计收截至 %2 的违约金。</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Late fees</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Unpaid only</source>
        <translation>只看未缴</translation>
    </message>
    <message>
        <source>Run billing…</source>
        <translation>计费…</translation>
    </message>
    <message>
        <source>Meter readings…</source>
        <translation>抄表…</translation>
    </message>
    <message>
        <source>As of:</source>
        <translation>截至：</translation>
    </message>
    <message>
        <source>Compute late fees</source>
        <translation>计算违约金</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Tick none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Charge the ticked</source>
        <translation>确认计收</translation>
    </message>
    <message>
        <source>Late fees follow each contract&apos;s rule (none unless the contract says so). Untick the households not to charge, then confirm; each is charged once a month.</source>
        <translation>违约金按各合同的约定计算（合同未约定则不收取）。取消勾选不计收的住户后确认；每户每月只计收一次。</translation>
    </message>
</context>
<context>
    <name>BillingRunDialog</name>
    <message>
        <source>Billing run</source>
        <translation>计费</translation>
    </message>
    <message>
        <source>Bills every unit for the month under its contract. Running a month twice adds nothing; prepayments are applied to the new bills.</source>
        <translation>按合同为每户生成当月账单。同一月份重复计费不会重复生成；预收款自动冲抵新账单。</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Compound:</source>
        <translation>小区：</translation>
    </message>
    <message>
        <source>Run billing</source>
        <translation>开始计费</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CashierPage</name>
    <message>
        <source>Type part of a unit number or the owner&apos;s name.</source>
        <translation>输入房号或业主姓名的一部分。</translation>
    </message>
    <message>
        <source>Choose the household first.</source>
        <translation>请先选择住户。</translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation>收据 %1</translation>
    </message>
    <message>
        <source>Received %1 (%2): %3 to bills, %4 prepaid.</source>
        <translation>实收 %1（%2）：冲抵欠费 %3，转预收 %4。</translation>
    </message>
    <message>
        <source>Receipt:</source>
        <translation>收据号：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Payer:</source>
        <translation>交款人：</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>房屋：</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>收款方式：</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>参考号：</translation>
    </message>
    <message>
        <source>Clerk:</source>
        <translation>收款人：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Void reason:</source>
        <translation>作废原因：</translation>
    </message>
    <message>
        <source>Reissue of:</source>
        <translation>重开自：</translation>
    </message>
    <message>
        <source>Receipt %1 is void; reissued as %2.</source>
        <translation>收据 %1 已作废，重开为 %2。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Reissue…</source>
        <translation>重开…</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>打印收据</translation>
    </message>
    <message>
        <source>Statement of account…</source>
        <translation>对账单…</translation>
    </message>
    <message>
        <source>Take a payment for this unit</source>
        <translation>为该户收款</translation>
    </message>
    <message>
        <source>Payments &amp; receipts</source>
        <translation>收款与收据</translation>
    </message>
    <message>
        <source>&amp;Household:</source>
        <translation>住户(&amp;H)：</translation>
    </message>
    <message>
        <source>unit number or owner&apos;s name</source>
        <translation>房号或业主姓名</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>欠费合计</translation>
    </message>
    <message>
        <source>Bills ticked</source>
        <translation>已选账单</translation>
    </message>
    <message>
        <source>Prepaid</source>
        <translation>预收余额</translation>
    </message>
    <message>
        <source>May prepay up to</source>
        <translation>可再预收</translation>
    </message>
    <message>
        <source>12 months of fees and never beyond the contract&apos;s end, less what is prepaid</source>
        <translation>12 个月费用且不超过合同期，减去已预收的金额</translation>
    </message>
    <message>
        <source>Tick bills (Space) to pay only those; none ticked: oldest first</source>
        <translation>勾选账单（空格键）则只缴所选账单；不勾选则从最早的账单开始冲抵</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>实收金额(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>收款方式(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>参考号(&amp;R)：</translation>
    </message>
    <message>
        <source>bank or WeChat transaction number (optional)</source>
        <translation>银行或微信流水号（选填）</translation>
    </message>
    <message>
        <source>Take payment (Ctrl+Enter)</source>
        <translation>收款（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Refund prepayment…</source>
        <translation>退预收款…</translation>
    </message>
    <message>
        <source>Statement…</source>
        <translation>对账单…</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Print the selected receipt, or the one just taken (Ctrl+Shift+P)</source>
        <translation>打印所选收据，或刚开出的收据（Ctrl+Shift+P）</translation>
    </message>
</context>
<context>
    <name>ContractDialog</name>
    <message>
        <source>New contract</source>
        <translation>新增合同</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>Quarterly (3 months)</source>
        <translation>每季度（3 个月）</translation>
    </message>
    <message>
        <source>Half-yearly (6 months)</source>
        <translation>每半年（6 个月）</translation>
    </message>
    <message>
        <source>Yearly (12 months)</source>
        <translation>每年（12 个月）</translation>
    </message>
    <message>
        <source>Compound:</source>
        <translation>小区：</translation>
    </message>
    <message>
        <source>Contract number:</source>
        <translation>合同编号：</translation>
    </message>
    <message>
        <source>Term from:</source>
        <translation>合同开始：</translation>
    </message>
    <message>
        <source>Term to:</source>
        <translation>合同终止：</translation>
    </message>
    <message>
        <source>Billing starts:</source>
        <translation>开始计费：</translation>
    </message>
    <message>
        <source>Billing cycle:</source>
        <translation>计费周期：</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Service fee (yuan per m² per month; blank: not charged)</source>
        <translation>物业服务费单价（元/㎡/月；留空表示不收）</translation>
    </message>
    <message>
        <source>Other fee items</source>
        <translation>其他收费项目</translation>
    </message>
    <message>
        <source>e.g. 垃圾清运费</source>
        <translation>如 垃圾清运费</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加项目</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <source>Vacancy discount and late fees</source>
        <translation>空置优惠与违约金</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Vacancy discount (%):</source>
        <translation>空置优惠（%）：</translation>
    </message>
    <message>
        <source>Late fee:</source>
        <translation>违约金：</translation>
    </message>
    <message>
        <source>Daily rate (%):</source>
        <translation>日违约金比例（%）：</translation>
    </message>
    <message>
        <source>Fixed late fee:</source>
        <translation>固定违约金：</translation>
    </message>
    <message>
        <source>Grace period:</source>
        <translation>宽限期：</translation>
    </message>
    <message>
        <source>price per unit read (yuan)</source>
        <translation>每单位读数单价（元）</translation>
    </message>
    <message>
        <source>amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>%1 yuan per unit</source>
        <translation>每单位 %1 元</translation>
    </message>
    <message>
        <source>%1 a month</source>
        <translation>每月 %1</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>propdesk: unexpected error</source>
        <translation>propdesk：意外错误</translation>
    </message>
    <message>
        <source>Something went wrong that propdesk did not expect. Your book is safe: the action that failed was not saved. Please copy this report and send it to whoever looks after propdesk for you.</source>
        <translation>propdesk 遇到了一个意外错误。账套是安全的：出错的操作没有保存。请复制下面的报告，发给为您维护 propdesk 的人员。</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>JournalPage</name>
    <message>
        <source>Journal</source>
        <translation>序时账</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;New book…</source>
        <translation>新建账套(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open book…</source>
        <translation>打开账套(&amp;O)…</translation>
    </message>
    <message>
        <source>Open the &amp;demo book</source>
        <translation>打开演示账套(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Back up now…</source>
        <translation>立即备份(&amp;B)…</translation>
    </message>
    <message>
        <source>Restore from b&amp;ackup…</source>
        <translation>从备份恢复(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Close book</source>
        <translation>关闭账套(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Show &amp;navigation</source>
        <translation>显示导航栏(&amp;N)</translation>
    </message>
    <message>
        <source>Show &amp;toolbar</source>
        <translation>显示工具栏(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;About propdesk</source>
        <translation>关于 propdesk(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Open book</source>
        <translation>打开账套</translation>
    </message>
    <message>
        <source>Opening the book</source>
        <translation>正在打开账套</translation>
    </message>
    <message>
        <source>New book</source>
        <translation>新建账套</translation>
    </message>
    <message>
        <source>Company name:</source>
        <translation>公司名称：</translation>
    </message>
    <message>
        <source>Creating the book</source>
        <translation>正在创建账套</translation>
    </message>
    <message>
        <source>Preparing the demo book…</source>
        <translation>正在准备演示账套…</translation>
    </message>
    <message>
        <source>Opening the demo book</source>
        <translation>正在打开演示账套</translation>
    </message>
    <message>
        <source>No book open</source>
        <translation>未打开账套</translation>
    </message>
    <message>
        <source>Book: %1</source>
        <translation>账套：%1</translation>
    </message>
    <message>
        <source>Open period: %1</source>
        <translation>会计期间：%1</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>用户：%1</translation>
    </message>
    <message>
        <source>Back up the book</source>
        <translation>备份账套</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Replace the open book with the backup %1?

Everything entered since that backup will be gone from the book. A safety copy of the current book is kept beside it.</source>
        <translation>用备份 %1 替换当前账套吗？

该备份之后录入的所有内容都将从账套中消失。当前账套会在同一文件夹中保留一份安全副本。</translation>
    </message>
    <message>
        <source>Restored. The book as it was is kept at %1</source>
        <translation>已恢复。恢复前的账套保存在 %1</translation>
    </message>
    <message>
        <source>Restoring from backup</source>
        <translation>正在从备份恢复</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>About propdesk</source>
        <translation>关于 propdesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;propdesk %1&lt;/h3&gt;&lt;p&gt;Bookkeeping for community-run property companies: fees, receipts, owner votes, common resources, surplus allocation and the general ledger.&lt;/p&gt;&lt;p&gt;Licensed under the Apache License 2.0. The interface font is WenQuanYi Micro Hei.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;propdesk %1&lt;/h3&gt;&lt;p&gt;社区领办物业公司记账软件：物业费、收据、业主表决、公共资源、盈余分配和总账。&lt;/p&gt;&lt;p&gt;按 Apache License 2.0 许可发布。界面字体为文泉驿微米黑。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MeterReadingDialog</name>
    <message>
        <source>Meter reading</source>
        <translation>抄表</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>房屋：</translation>
    </message>
    <message>
        <source>Fee item:</source>
        <translation>收费项目：</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Previous reading:</source>
        <translation>上期读数：</translation>
    </message>
    <message>
        <source>Current reading:</source>
        <translation>本期读数：</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>No month closed yet</source>
        <translation>尚未结账</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Open period</source>
        <translation>当前会计期间</translation>
    </message>
    <message>
        <source>Closed through</source>
        <translation>已结账至</translation>
    </message>
    <message>
        <source>Vouchers posted</source>
        <translation>已记账凭证</translation>
    </message>
    <message>
        <source>Ctrl+1 to Ctrl+9 switch pages, F5 reloads the page, Ctrl+F searches a table.</source>
        <translation>Ctrl+1 至 Ctrl+9 切换页面，F5 刷新当前页面，Ctrl+F 在表格中搜索。</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This part is under construction.</source>
        <translation>此功能正在建设。</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Page setup…</source>
        <translation>页面设置…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund prepayment</source>
        <translation>退预收款</translation>
    </message>
    <message>
        <source>Prepaid balance: %1</source>
        <translation>预收余额：%1</translation>
    </message>
    <message>
        <source>e.g. 合同终止，退还预收物业费</source>
        <translation>如 合同终止，退还预收物业费</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>Paid back by:</source>
        <translation>退款方式：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <source>No compound yet: add one or import the roster.</source>
        <translation>还没有小区：请新增小区或导入业主花名册。</translation>
    </message>
    <message>
        <source>Units of %1: %2, %3 m²</source>
        <translation>%1 的房屋：%2 户，%3 ㎡</translation>
    </message>
    <message>
        <source>Not vacant</source>
        <translation>取消空置</translation>
    </message>
    <message>
        <source>Mark vacant</source>
        <translation>设为空置</translation>
    </message>
    <message>
        <source>New compound…</source>
        <translation>新增小区…</translation>
    </message>
    <message>
        <source>Import the roster…</source>
        <translation>导入花名册…</translation>
    </message>
    <message>
        <source>Statement of account…</source>
        <translation>对账单…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>过户…</translation>
    </message>
    <message>
        <source>Compounds &amp; units</source>
        <translation>小区与房屋</translation>
    </message>
    <message>
        <source>Export the roster template…</source>
        <translation>导出花名册模板…</translation>
    </message>
    <message>
        <source>Record a change of owner (sale, inheritance): the old owners end the day before</source>
        <translation>登记业主变更（买卖、继承）：原业主于过户日前一天终止</translation>
    </message>
    <message>
        <source>Vacant units get the contract&apos;s vacancy discount from the next billing run</source>
        <translation>空置房屋从下次计费起享受合同约定的空置优惠</translation>
    </message>
</context>
<context>
    <name>ReissueDialog</name>
    <message>
        <source>Reissue receipt %1</source>
        <translation>重开收据 %1</translation>
    </message>
    <message>
        <source>e.g. 金额开错</source>
        <translation>如 金额开错</translation>
    </message>
    <message>
        <source>Correct amount:</source>
        <translation>正确金额：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Void and reissue</source>
        <translation>作废并重开</translation>
    </message>
</context>
<context>
    <name>RosterPanel</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose the roster (.xlsx) filled in from the template. It is checked first and nothing is written: every problem is listed with the row number Excel shows. Only a file without problems can be imported.</source>
        <translation>选择按模板填写的业主花名册（.xlsx）。先检查，不写入任何内容：每处问题都会列出，并标明 Excel 中的行号。只有没有问题的文件才能导入。</translation>
    </message>
    <message>
        <source>Path of the .xlsx file</source>
        <translation>.xlsx 文件路径</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Export template…</source>
        <translation>导出模板…</translation>
    </message>
    <message>
        <source>Check the file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Fixed the sheet: check again</source>
        <translation>修改表格后重试</translation>
    </message>
    <message>
        <source>Export the problem list…</source>
        <translation>导出问题清单…</translation>
    </message>
    <message>
        <source>Choose another file…</source>
        <translation>选择其他文件…</translation>
    </message>
    <message>
        <source>The file has no problems. This is what the import will do:</source>
        <translation>文件没有问题。导入将会：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>New units:</source>
        <translation>新增房屋：</translation>
    </message>
    <message>
        <source>Units already in the book (unchanged):</source>
        <translation>账套中已有且相同的房屋（不变）：</translation>
    </message>
    <message>
        <source>New compounds:</source>
        <translation>新增小区：</translation>
    </message>
    <message>
        <source>New owners and co-owners:</source>
        <translation>新增业主及共有人：</translation>
    </message>
    <message>
        <source>Floor area of the new units:</source>
        <translation>新增房屋建筑面积：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Choose the roster</source>
        <translation>选择业主花名册</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <source>Checking the roster</source>
        <translation>正在检查花名册</translation>
    </message>
    <message>
        <source>Importing the roster</source>
        <translation>正在导入花名册</translation>
    </message>
    <message>
        <source>Export the problem list</source>
        <translation>导出问题清单</translation>
    </message>
    <message>
        <source>Imported %1 units (%2 new compounds, %3 new owners); %4 were already there.</source>
        <translation>已导入 %1 户房屋（新增小区 %2 个，新增业主 %3 人）；%4 户原已存在。</translation>
    </message>
</context>
<context>
    <name>RosterWizard</name>
    <message>
        <source>Export the roster template</source>
        <translation>导出花名册模板</translation>
    </message>
    <message>
        <source>Import the owner roster</source>
        <translation>导入业主花名册</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Saving settings</source>
        <translation>正在保存设置</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>This book</source>
        <translation>本账套</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save all settings (Ctrl+S)</source>
        <translation>保存全部设置（Ctrl+S）</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source>Statement of account: %1 %2</source>
        <translation>对账单：%1 %2</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>房屋：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>业主：</translation>
    </message>
    <message>
        <source>Floor area:</source>
        <translation>建筑面积：</translation>
    </message>
    <message>
        <source>Owed:</source>
        <translation>欠费：</translation>
    </message>
    <message>
        <source>Prepaid:</source>
        <translation>预收：</translation>
    </message>
    <message>
        <source>Balance: positive is owed by the household, negative is in its favour.</source>
        <translation>余额：正数为住户欠款，负数为住户多缴。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TableView</name>
    <message>
        <source>Search all columns (Ctrl+F)</source>
        <translation>在所有列中搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
    <message>
        <source> (more below)</source>
        <translation>（向下滚动载入更多）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Load all</source>
        <translation>全部载入</translation>
    </message>
    <message>
        <source>Show default columns</source>
        <translation>恢复默认列</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer of ownership</source>
        <translation>过户</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>房屋</translation>
    </message>
    <message>
        <source>Owners now: %1</source>
        <translation>现业主：%1</translation>
    </message>
    <message>
        <source>separate names with 、 or ,</source>
        <translation>多人用 、 或 , 分隔</translation>
    </message>
    <message>
        <source>New owner:</source>
        <translation>新业主：</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>证件号码：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>Co-owners:</source>
        <translation>共有人：</translation>
    </message>
    <message>
        <source>Transfer date:</source>
        <translation>过户日期：</translation>
    </message>
    <message>
        <source>Owners after: %1</source>
        <translation>过户后业主：%1</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void receipt %1</source>
        <translation>作废收据 %1</translation>
    </message>
    <message>
        <source>e.g. 金额开错</source>
        <translation>如 金额开错</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
</context>
<context>
    <name>WaiverDialog</name>
    <message>
        <source>Waive a bill</source>
        <translation>减免账单</translation>
    </message>
    <message>
        <source>Outstanding: %1</source>
        <translation>未收：%1</translation>
    </message>
    <message>
        <source>e.g. 低保户，经业委会同意</source>
        <translation>如 低保户，经业委会同意</translation>
    </message>
    <message>
        <source>Amount waived:</source>
        <translation>减免金额：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Approved by:</source>
        <translation>审批人：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to propdesk</source>
        <translation>欢迎使用 propdesk</translation>
    </message>
    <message>
        <source>Bookkeeping for community-run property companies. Open your company&apos;s book, start a new one, or look around in the demo book first.</source>
        <translation>社区领办物业公司记账软件。请打开贵公司的账套、新建一个账套，或者先在演示账套里看看。</translation>
    </message>
    <message>
        <source>New book…</source>
        <translation>新建账套…</translation>
    </message>
    <message>
        <source>Open book…</source>
        <translation>打开账套…</translation>
    </message>
    <message>
        <source>Open the demo book</source>
        <translation>打开演示账套</translation>
    </message>
    <message>
        <source>Recent books (double-click to open):</source>
        <translation>最近打开的账套（双击打开）：</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Compounds &amp; units</source>
        <translation>小区与房屋</translation>
    </message>
    <message>
        <source>Owner votes</source>
        <translation>业主表决</translation>
    </message>
    <message>
        <source>Run owner consent votes, record ballots and follow the tally by area and by head count.</source>
        <translation>组织业主表决，登记表决票，按面积和人数实时统计。</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Service contracts per compound: term, fee standards, status and notice deadlines.</source>
        <translation>各小区的物业服务合同：期限、收费标准、状态和通知期限。</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Payments &amp; receipts</source>
        <translation>收款与收据</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>Common resources</source>
        <translation>公共资源</translation>
    </message>
    <message>
        <source>Parking, advertising, parcel lockers and market stalls: income, costs and the owners&apos; share.</source>
        <translation>停车、广告、快递柜和市场摊位：收入、成本和业主共有收益。</translation>
    </message>
    <message>
        <source>Expenses</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Record the company&apos;s expenses; each one posts its voucher.</source>
        <translation>登记公司支出，每笔支出自动生成凭证。</translation>
    </message>
    <message>
        <source>Grids &amp; stations</source>
        <translation>网格与驿站</translation>
    </message>
    <message>
        <source>Grids, grid workers and grid service stations.</source>
        <translation>网格、网格员和网格党群服务驿站。</translation>
    </message>
    <message>
        <source>Surplus allocation</source>
        <translation>盈余分配</translation>
    </message>
    <message>
        <source>Allocate a closed period&apos;s surplus to grid-worker stipends, service stations and reserves.</source>
        <translation>将已结账期间的盈余分配给网格员补贴、服务驿站和留存。</translation>
    </message>
    <message>
        <source>Vouchers &amp; ledgers</source>
        <translation>凭证与账簿</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Financial statements, monthly statements and disclosure notices, to print or export to Excel.</source>
        <translation>财务报表、月度收支表和公示，可打印或导出 Excel。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
</TS>
