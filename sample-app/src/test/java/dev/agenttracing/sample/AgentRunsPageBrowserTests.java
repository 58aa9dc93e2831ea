package dev.agenttracing.sample;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.annotation.AgentRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The recent-runs page in a real headless Chromium, over real HTTP: runs appear after
 * agent calls, filters narrow the table, a failed run is highlighted, and a run's
 * waterfall shows its span tree with tokens, errors and redacted content. Debian's
 * {@code chromium} and {@code chromium-driver} are installed by {@code .ci/run}; without
 * them the test is skipped. Screenshots go to {@code target/agent-runs-*.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.opentelemetry.tracing.export.schedule-delay=50ms",
				"management.endpoints.web.exposure.include=health,agentruns", "agent.tracing.runs.ui.enabled=true",
				"agent.tracing.content.enabled=true" })
@AutoConfigureTracing
@Import(AgentRunsPageBrowserTests.FlakyAgentConfiguration.class)
@DirtiesContext
class AgentRunsPageBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static Path traces;

	private static Path profile;

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private FlakyAgent flaky;

	@DynamicPropertySource
	static void traceFiles(DynamicPropertyRegistry registry) throws IOException {
		traces = Files.createTempDirectory("agent-traces");
		registry.add("agent.tracing.export.jsonl.directory", traces::toString);
	}

	@BeforeAll
	static void browserInstalled() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
						+ "): install the Debian packages chromium and chromium-driver, as .ci/run does");
	}

	@AfterAll
	static void deleteFiles() {
		FileSystemUtils.deleteRecursively(traces.toFile());
		if (profile != null) {
			FileSystemUtils.deleteRecursively(profile.toFile());
		}
	}

	@Test
	void runsAppearFilterAndShowTheirSpanTree() throws Exception {
		String paris = traceId(chat("traveller-1", "A weekend in Paris? Mail me at jane.doe@example.com", "conv-1"));
		String atlantis = traceId(chat("traveller-2", "Atlantis, please", "conv-2"));
		assertThatIllegalStateException().isThrownBy(() -> this.flaky.plan("Lisbon"));
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/actuator/agentruns").get("runs").size() == 3);
		JsonNode parisRun = get("/actuator/agentruns/" + paris).get("summary");

		WebDriver browser = startBrowser();
		try {
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
			browser.get("http://127.0.0.1:" + this.port + "/agent-runs");
			wait.until((driver) -> driver.findElements(By.cssSelector("#runs tr.run")).size() == 3);
			List<WebElement> rows = browser.findElements(By.cssSelector("#runs tr.run"));
			// Newest first: the failed run, then Atlantis, then Paris.
			assertThat(rows).extracting((row) -> row.findElement(By.cssSelector("td.agent")).getText())
				.containsExactly("flaky-agent", "trip-planner", "trip-planner");
			assertThat(rows.get(0).getAttribute("class")).contains("error");
			assertThat(rows.get(0).findElement(By.cssSelector("td.error-type")).getText())
				.isEqualTo("java.lang.IllegalStateException");
			assertThat(rows.get(1).getAttribute("data-trace-id")).isEqualTo(atlantis);
			assertThat(rows.get(1).getAttribute("class")).doesNotContain("error ").contains("has-errors");
			WebElement parisRow = rows.get(2);
			assertThat(parisRow.getAttribute("data-trace-id")).isEqualTo(paris);
			assertThat(parisRow.findElement(By.cssSelector("td.tokens")).getText())
				.isEqualTo(parisRun.get("inputTokens").asLong() + " / " + parisRun.get("outputTokens").asLong());
			assertThat(parisRow.findElement(By.cssSelector("td.cost")).getText())
				.isEqualTo(String.format(java.util.Locale.ROOT, "%.6f USD", parisRun.get("cost").asDouble()));
			assertThat(parisRow.findElement(By.cssSelector("td.user")).getText()).isEqualTo("traveller-1");
			assertThat(parisRow.findElement(By.cssSelector("td.spans")).getText()).isEqualTo("7");
			screenshot(browser, "agent-runs-list");

			// A filter: one user's runs only.
			browser.findElement(By.id("filter-user")).sendKeys("traveller-2");
			browser.findElement(By.id("apply")).click();
			wait.until((driver) -> driver.findElements(By.cssSelector("#runs tr.run")).size() == 1);
			assertThat(browser.findElement(By.cssSelector("#runs tr.run")).getAttribute("data-trace-id"))
				.isEqualTo(atlantis);
			browser.findElement(By.id("filter-user")).clear();
			new Select(browser.findElement(By.id("filter-status"))).selectByValue("error");
			wait.until((driver) -> driver.findElements(By.cssSelector("#runs tr.run")).size() == 1
					&& driver.findElement(By.cssSelector("#runs tr.run td.agent")).getText().equals("flaky-agent"));
			new Select(browser.findElement(By.id("filter-status"))).selectByValue("");
			wait.until((driver) -> driver.findElements(By.cssSelector("#runs tr.run")).size() == 3);

			// The waterfall of the Paris run: the span tree in start order, with depths.
			browser.findElement(By.cssSelector("#runs tr.run[data-trace-id='" + paris + "']")).click();
			wait.until((driver) -> driver.findElements(By.cssSelector("#waterfall .span-row")).size() == 7);
			List<WebElement> spans = browser.findElements(By.cssSelector("#waterfall .span-row"));
			assertThat(spans)
				.extracting((span) -> span.getAttribute("data-depth") + " "
						+ span.findElement(By.cssSelector(".span-name")).getText())
				.containsExactly("0 invoke_agent trip-planner", "1 chat gpt-5-mini", "1 execute_tool get_weather",
						"1 chat gpt-5-mini", "1 execute_tool find_activities", "2 invoke_agent local-guide",
						"1 chat gpt-5-mini");
			assertThat(spans.get(0).findElement(By.cssSelector(".span-meta")).getText()).startsWith(
					"tokens " + parisRun.get("inputTokens").asLong() + " / " + parisRun.get("outputTokens").asLong());
			assertThat(browser.findElement(By.id("run-title")).getText()).startsWith("trip-planner · ");
			// The first LLM call's recorded content: redacted before it reached the span.
			spans.get(1).click();
			wait.until((driver) -> driver.findElement(By.id("span-title")).getText().startsWith("chat gpt-5-mini"));
			String detail = browser.findElement(By.id("span-attributes")).getText();
			assertThat(detail).contains("gen_ai.input.messages")
				.contains("[REDACTED:email]")
				.doesNotContain("jane.doe@example.com");
			screenshot(browser, "agent-runs-waterfall");

			// The Atlantis run: the failed tool is marked in the waterfall, the run is
			// not.
			browser.get("http://127.0.0.1:" + this.port + "/agent-runs/#run/" + atlantis);
			wait.until((driver) -> driver.findElements(By.cssSelector("#waterfall .span-row")).size() == 7);
			assertThat(browser.findElements(By.cssSelector("#waterfall .span-row.error")))
				.extracting((span) -> span.findElement(By.cssSelector(".span-name")).getText())
				.containsExactly("execute_tool get_weather");
			assertThat(browser.findElement(By.cssSelector("#waterfall .span-row.error .span-meta")).getText())
				.contains("ERROR dev.agenttracing.sample.WeatherTools$UnknownCityException");
		}
		finally {
			browser.quit();
		}
	}

	private static WebDriver startBrowser() throws IOException {
		profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
		// The system's driver, named explicitly: Selenium Manager is never asked to find
		// or fetch one.
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static void screenshot(WebDriver browser, String name) throws IOException {
		File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", name + ".png");
		Files.createDirectories(target.getParent());
		Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

	private HttpResponse<String> chat(String user, String message, String conversation) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/chat"))
			.header("Content-Type", "application/json")
			.header("X-User-Id", user)
			.POST(HttpRequest.BodyPublishers.ofString(
					json.writeValueAsString(java.util.Map.of("message", message, "conversationId", conversation))))
			.build();
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private static String traceId(HttpResponse<String> chat) {
		return json.readTree(chat.body()).get("traceId").asString();
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FlakyAgentConfiguration {

		@Bean
		FlakyAgent flakyAgent() {
			return new FlakyAgent();
		}

	}

	static class FlakyAgent {

		@AgentRun(name = "flaky-agent")
		public String plan(String request) {
			throw new IllegalStateException("no plan for " + request);
		}

	}

}
