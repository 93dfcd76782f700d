package dev.cairn.cli;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium driven by Playwright, headless with a fresh profile, never downloading a
 * browser. Pages record the script errors they raise, so a test can assert there were none.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;
  final List<String> errors = new ArrayList<>();

  Browser() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError(
          CHROMIUM
              + " is missing: the UI tests drive Debian's chromium (apt-get install chromium;"
              + " bin/test installs it).");
    }
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
  }

  /** A new page in a fresh context (no shared storage), 1400×900. */
  Page page() {
    return page(new com.microsoft.playwright.Browser.NewContextOptions());
  }

  /**
   * A new page in a fresh context that answers the server's HTTP Basic challenges as {@code
   * username}, as a person would in the browser's own sign-in prompt.
   */
  Page page(String username, String password) {
    return page(
        new com.microsoft.playwright.Browser.NewContextOptions()
            .setHttpCredentials(username, password));
  }

  private Page page(com.microsoft.playwright.Browser.NewContextOptions options) {
    BrowserContext context = browser.newContext(options.setViewportSize(1400, 900));
    Page page = context.newPage();
    page.setDefaultTimeout(15_000);
    page.onPageError(e -> errors.add(e));
    return page;
  }

  String version() {
    return browser.version();
  }

  static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /** Runs a command, returns its standard output; fails with its output when it fails. */
  static String run(Path dir, String... cmd) throws IOException, InterruptedException {
    Path log = dir.resolve("cmd-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out + Files.readString(log));
    }
    return out;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
