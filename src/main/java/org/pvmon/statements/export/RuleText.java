package org.pvmon.statements.export;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Chinese reading of a deduction's rule as statements store it ({@code Deduction.describe}, English, kept as stored
 * so that stored statements never change): the printouts show this, the dashboard the same reading (app.js
 * {@code ruleText}).
 */
final class RuleText {
    private static final Pattern PER_KWP = Pattern.compile("([0-9.]+) yuan/kWp/year x ([0-9.]+) kWp / 12");
    private static final Pattern PERCENT = Pattern.compile("([0-9.]+)% of (-?[0-9.]+)");
    private static final Pattern FIXED = Pattern.compile("(-?[0-9.]+) per month");
    private static final String RESERVE = " (reserve, not owed)";

    private RuleText() {
    }

    /** The rule in Chinese, or null when its text is of no known shape. */
    static String chinese(String rule) {
        boolean reserve = rule.endsWith(RESERVE);
        String core = reserve ? rule.substring(0, rule.length() - RESERVE.length()) : rule;
        Matcher m;
        String zh;
        if ((m = PER_KWP.matcher(core)).matches()) zh = "每年每千瓦 " + m.group(1) + " 元 × " + m.group(2) + " kWp ÷ 12";
        else if ((m = PERCENT.matcher(core)).matches()) zh = "收益 " + m.group(2) + " 元的 " + m.group(1) + "%";
        else if ((m = FIXED.matcher(core)).matches()) zh = "每月 " + m.group(1) + " 元";
        else return null;
        return reserve ? zh + "（准备金：有余款时提取，不计欠缴）" : zh;
    }
}
