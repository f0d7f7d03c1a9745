package org.pvmon.notify;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The Chinese markdown message of the group robots (WeCom, DingTalk): a title line and one line per fact. */
final class Markdown {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");

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

    /** 【告警汇总】3 条告警、1 条恢复 */
    static String digestTitle(List<Notice> notices) {
        long opened = notices.stream().filter(Notice::opened).count();
        long resolved = notices.size() - opened;
        List<String> parts = new ArrayList<>();
        if (opened > 0) parts.add(opened + " 条告警");
        if (resolved > 0) parts.add(resolved + " 条恢复");
        return "【告警汇总】" + String.join("、", parts);
    }

    /**
     * Several notifications in one robot message, one line each (in event order): what, where, since or when resolved,
     * the money lost, the households affected, and the alert's link.
     */
    static String digest(List<Notice> notices, String newline) {
        List<String> lines = new ArrayList<>();
        lines.add("### " + digestTitle(notices));
        for (Notice n : notices) {
            var e = n.event();
            StringBuilder line = new StringBuilder("> ").append(title(n)).append("｜")
                    .append(villages(n))
                    .append(n.opened() ? "｜自 " + SHORT.format(Notice.local(e.since())) : "｜" + SHORT.format(Notice.local(e.at())) + " 恢复")
                    .append("｜损失 ").append(n.lostYuan().toPlainString()).append(" 元");
            if (n.affectedHouseholds() != null) line.append("｜").append(n.affectedHouseholds()).append(" 户");
            if (n.link() != null) line.append(" [查看](").append(n.link()).append(")");
            lines.add(line.toString());
        }
        return String.join(newline, lines);
    }

    /** At most three village names (a joint station may belong to eleven), so that ten lines fit in a robot message. */
    private static String villages(Notice n) {
        List<String> v = n.villages();
        if (v.isEmpty()) return "村未登记";
        return v.size() <= 3 ? String.join("、", v) : String.join("、", v.subList(0, 3)) + "等 " + v.size() + " 村";
    }
}
