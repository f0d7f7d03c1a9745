package org.pvmon.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Real headless Chromium (Debian's chromium + chromium-driver) through Selenium, started the way that works as root
 * on a machine without internet: the driver path is given so Selenium Manager never tries to download one.
 */
public final class Browser implements AutoCloseable {
    private final ChromeDriver driver;

    public Browser() {
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("/usr/bin/chromedriver missing: apt-get install -y chromium chromium-driver (scripts/test.sh does)");
        }
        try {
            ChromeOptions o = new ChromeOptions();
            o.setBinary("/usr/bin/chromium");
            o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--remote-debugging-pipe", "--window-size=1366,768", "--lang=zh-CN",
                    "--user-data-dir=" + Files.createTempDirectory("pvmon-chromium-"));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL); // the page's console, read by consoleErrors()
            o.setCapability(ChromeOptions.LOGGING_PREFS, logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                    .usingAnyFreePort().build();
            driver = new ChromeDriver(service, o);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The browser console's errors (uncaught exceptions, failed requests, console.error) since the last call. */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
        }
        return errors;
    }

    /** Saves a PNG of the window as {@code target/screenshots/<name>.png} (a test artifact); returns its path. */
    public Path screenshot(String name) {
        try {
            Path dir = ProjectDir.resolve("target/screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
