package org.pvmon.notify;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The Chinese markdown message of the group robots (WeCom, DingTalk): a title line and one line per fact. */
final class Markdown {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Markdown() {
    }

    /** 【告警】二村光伏扶贫电站 离线 / 【恢复】二村光伏扶贫电站 离线已恢复 */
    static String title(Notice n) {
        String type = Notice.typeName(n.event().type());
        return n.opened() ? "【告警】" + n.stationName() + " " + type : "【恢复】" + n.stationName() + " " + type + "已恢复";
    }

    /** The message lines joined by {@code newline} (WeCom: "\n"; DingTalk needs "\n\n" for a line break). */
    static String text(Notice n, String newline) {
        var e = n.event();
        List<String> lines = new ArrayList<>();
        lines.add("### " + title(n));
        lines.add("> 电站：" + n.stationName() + "（" + e.stationId() + "）");
        String place = n.township() == null ? "" : "（" + n.township() + (n.county() == null ? "" : "，" + n.county()) + "）";
        lines.add("> 村：" + (n.villages().isEmpty() ? "未登记" : String.join("、", n.villages())) + place);
        lines.add("> 开始时间：" + TIME.format(Notice.local(e.since())));
        if (n.opened()) {
            lines.add("> 告警时间：" + TIME.format(Notice.local(e.at())));
        } else {
            lines.add("> 恢复时间：" + TIME.format(Notice.local(e.at())));
            lines.add("> 处理：" + ("auto".equals(e.resolvedBy()) ? "电站已恢复，自动解除"
                    : "由 " + e.resolvedBy() + " 手动解除" + (e.comment() == null ? "" : "（" + e.comment() + "）")));
        }
        lines.add("> 损失电量：" + e.lostKwh().toPlainString() + " kWh");
        lines.add("> 损失收益：" + n.lostYuan().toPlainString() + " 元");
        lines.add("> 受影响贫困户：" + (n.affectedHouseholds() == null ? "未登记" : n.affectedHouseholds() + " 户"));
        lines.add("> 详情：" + e.detail());
        if (n.link() != null) lines.add("[查看告警](" + n.link() + ")");
        return String.join(newline, lines);
    }
}
