package org.pvmon.registry.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.pvmon.config.Config;

/**
 * A workbook's parts decompressed once, counting the bytes that really come out (never trusting the sizes a zip
 * declares), before anything reads it: a workbook that would decompress to more than {@code uploads.max-unzipped-bytes},
 * whose shared strings (held in memory while a sheet is read) exceed {@code uploads.max-shared-strings-bytes}, or that
 * decompresses to more than {@code uploads.max-zip-ratio} times its size is refused (a "zip bomb": a few hundred KB
 * that would fill the heap).
 */
final class ZipLimits {
    private ZipLimits() {
    }

    /** True when {@code xlsx} is within {@code limits}; else a problem is added. */
    static boolean check(byte[] xlsx, Config.Uploads limits, Problems problems) {
        long total = 0;
        long maxTotal = Math.min(limits.maxUnzippedBytes(), (long) xlsx.length * limits.maxZipRatio());
        byte[] buffer = new byte[65_536];
        // commons-compress's stream, not java.util.zip's: Excel and fastexcel write stored parts with data descriptors
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(xlsx), "UTF-8", true, true)) {
            for (ZipArchiveEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                boolean sharedStrings = e.getName().endsWith("sharedStrings.xml");
                long entry = 0;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    entry += n;
                    total += n;
                    if (sharedStrings && entry > limits.maxSharedStringsBytes()) {
                        problems.file("共享字符串超过" + limits.maxSharedStringsBytes() + "字节（设置 uploads.max-shared-strings-bytes）",
                                "the workbook's shared strings are over " + limits.maxSharedStringsBytes()
                                        + " bytes (setting uploads.max-shared-strings-bytes)");
                        return false;
                    }
                    if (total > maxTotal) {
                        problems.file("解压后超过" + maxTotal + "字节（设置 uploads.max-unzipped-bytes、uploads.max-zip-ratio）",
                                "the workbook decompresses to more than " + maxTotal + " bytes (settings uploads.max-unzipped-bytes, "
                                        + "uploads.max-zip-ratio: at most " + limits.maxZipRatio() + " times its " + xlsx.length + " bytes)");
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException | IllegalArgumentException e) {
            problems.file("不是有效的Excel文件：" + e.getMessage(), "not a valid .xlsx workbook: " + e.getMessage());
            return false;
        }
    }
}
