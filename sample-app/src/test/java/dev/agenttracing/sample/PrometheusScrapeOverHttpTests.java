package dev.agenttracing.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GenAI metrics as Prometheus scrapes them from the sample over real HTTP: the
 * conventions' names translated by Prometheus' rules, and the scripted model's token
 * counts each in its own bucket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "agent.tracing.export.jsonl.enabled=false")
@AutoConfigureMetrics
@DirtiesContext
class PrometheusScrapeOverHttpTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void scrapeHasConventionNamesAndExactTokenBuckets() throws Exception {
		HttpResponse<String> chat = this.client.send(HttpRequest.newBuilder(uri("/api/chat"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"A weekend in Paris?\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(chat.statusCode()).isEqualTo(200);
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		String scrape = response.body();
		assertThat(scrape)
			.contains("# TYPE gen_ai_client_operation_duration_seconds histogram",
					"# TYPE gen_ai_client_token_usage histogram", "# TYPE agent_tracing_client_cost_total counter")
			.doesNotContain("duration_s_", "__token_", "cost_USD");
		// One run: trip-planner and local-guide, two tools, three calls of the scripted
		// model.
		assertThat(value(scrape, "gen_ai_client_operation_duration_seconds_count", "gen_ai_operation_name=\"chat\""))
			.isEqualTo(3);
		assertThat(value(scrape, "gen_ai_client_operation_duration_seconds_count",
				"gen_ai_operation_name=\"execute_tool\""))
			.isEqualTo(2);
		assertThat(value(scrape, "gen_ai_client_operation_duration_seconds_count",
				"gen_ai_operation_name=\"invoke_agent\""))
			.isEqualTo(2);
		// The scripted model's three calls for this message (its counts follow the
		// request, so
		// they are the same every time): 226, 270 and 325 input tokens, 13, 20 and 16
		// output.
		assertThat(value(scrape, "gen_ai_client_token_usage_sum", "gen_ai_token_type=\"input\"")).isEqualTo(821);
		assertThat(value(scrape, "gen_ai_client_token_usage_sum", "gen_ai_token_type=\"output\"")).isEqualTo(49);
		assertThat(buckets(scrape, "gen_ai_token_type=\"input\"")).containsEntry("64.0", 0L)
			.containsEntry("256.0", 1L)
			.containsEntry("1024.0", 3L)
			.containsEntry("+Inf", 3L);
		assertThat(buckets(scrape, "gen_ai_token_type=\"output\"")).containsEntry("4.0", 0L)
			.containsEntry("16.0", 2L)
			.containsEntry("64.0", 3L)
			.containsEntry("+Inf", 3L);
		assertThat(scrape).containsPattern(
				"agent_tracing_client_cost_total\\{currency=\"USD\",gen_ai_request_model=\"gpt-5-mini-2025-08-07\"\\} \\S+");
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static double value(String scrape, String name, String selector) {
		Matcher matcher = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
		double total = 0;
		while (matcher.find()) {
			if (matcher.group(1).contains(selector)) {
				total += Double.parseDouble(matcher.group(2));
			}
		}
		return total;
	}

	private static Map<String, Long> buckets(String scrape, String selector) {
		Map<String, Long> counts = new LinkedHashMap<>();
		Matcher matcher = Pattern
			.compile("(?m)^gen_ai_client_token_usage_bucket\\{([^}]*)le=\"([^\"]+)\"[^}]*\\} (\\S+)$")
			.matcher(scrape);
		while (matcher.find()) {
			if (matcher.group(1).contains(selector)) {
				counts.merge(matcher.group(2), (long) Double.parseDouble(matcher.group(3)), Long::sum);
			}
		}
		return counts;
	}

}
