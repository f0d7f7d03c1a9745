package org.pvmon.registry.files;

import org.pvmon.registry.IdNumbers;
import org.pvmon.registry.RegistryException;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one import file, each in Chinese and English on one line:
 * {@code 第3行 身份证号: 校验码错误（应为X） | row 3, column 身份证号: wrong check character (expected X)}. Rows are
 * numbered as a spreadsheet shows them (the header is row 1); the column is named by its (Chinese) header.
 *
 * <p>A problem never carries an ID number in full, whichever column it was typed in: every text shaped like one is
 * masked here ({@link IdNumbers#maskIn}), and a row's own 身份证号 cell, however malformed, by {@link Sheet.Row}. The
 * problems go to the uploader (the API's 400 answer) and to the log ({@code pvmon.jar import}, start-up) alike; the
 * row and column say which cell to fix.
 */
final class Problems {
    private final List<String> list = new ArrayList<>();

    void add(long row, String column, String zh, String en) {
        list.add("第" + row + "行 " + column + ": " + IdNumbers.maskIn(zh) + " | row " + row + ", column " + column + ": " + IdNumbers.maskIn(en));
    }

    void header(String zh, String en) {
        list.add("表头: " + IdNumbers.maskIn(zh) + " | header: " + IdNumbers.maskIn(en));
    }

    void file(String zh, String en) {
        list.add("文件: " + IdNumbers.maskIn(zh) + " | file: " + IdNumbers.maskIn(en));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Throws, listing every problem, when there is any: the file is rejected whole. */
    void throwIfAny(String source) {
        if (!list.isEmpty()) {
            throw new RegistryException(source + ": " + list.size() + " problem(s), nothing imported (文件有" + list.size()
                    + "处错误，未导入任何数据)", list);
        }
    }
}
