package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sub-second durations land in their own buckets (a Micrometer distribution summary would
 * round them up to 1 first).
 */
class McpMetricsTests {

	@Test
	void everyDurationLandsInTheRightBucket() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		McpMetrics metrics = new McpMetrics(registry);
		for (Duration duration : List.of(Duration.ofMillis(3), Duration.ofMillis(15), Duration.ofMillis(30),
				Duration.ofMillis(150), Duration.ofMillis(700), Duration.ofSeconds(4), Duration.ofSeconds(400))) {
			metrics.record(true, "tools/call", "get_weather", "tcp", null, duration.toNanos());
		}
		Timer timer = registry.get("mcp.client.operation.duration").tag("gen_ai.tool.name", "get_weather").timer();
		CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
		assertThat(buckets).extracting((bucket) -> bucket.bucket(TimeUnit.SECONDS))
			.containsExactly(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);
		// Cumulative counts, as Prometheus and OTLP read them.
		assertThat(buckets).extracting(CountAtBucket::count)
			.containsExactly(1.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0);
		assertThat(timer.count()).isEqualTo(7);
	}

	@Test
	void prometheusScrapesTheConventionsNameInSecondsWithTheBucketCounts() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		McpMetrics metrics = new McpMetrics(registry);
		metrics.record(true, "tools/call", "get_weather", "tcp", null, Duration.ofMillis(30).toNanos());
		metrics.record(true, "tools/call", "get_weather", "tcp", null, Duration.ofMillis(150).toNanos());
		String scrape = registry.scrape();
		String series = "mcp_client_operation_duration_seconds_bucket{error_type=\"\",gen_ai_prompt_name=\"\","
				+ "gen_ai_tool_name=\"get_weather\",mcp_method_name=\"tools/call\",network_transport=\"tcp\",";
		assertThat(scrape).contains(series + "le=\"0.02\"} 0")
			.contains(series + "le=\"0.05\"} 1")
			.contains(series + "le=\"0.1\"} 1")
			.contains(series + "le=\"0.2\"} 2")
			.contains(series + "le=\"300.0\"} 2")
			.contains("mcp_client_operation_duration_seconds_count{");
	}

	@Test
	void everyMeterOfANameHasTheSameTagKeys() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		McpMetrics metrics = new McpMetrics(registry);
		metrics.record(false, "tools/list", null, "pipe", null, 1_000_000);
		metrics.record(false, "prompts/get", "trip", "pipe", "-32602", 1_000_000);
		assertThat(registry.get("mcp.server.operation.duration").timers()).hasSize(2)
			.allSatisfy((timer) -> assertThat(timer.getId().getTags()).extracting((tag) -> tag.getKey())
				.containsExactly("error.type", "gen_ai.prompt.name", "gen_ai.tool.name", "mcp.method.name",
						"network.transport"));
		assertThat(registry.get("mcp.server.operation.duration")
			.tag("gen_ai.prompt.name", "trip")
			.timer()
			.getId()
			.getTag("error.type")).isEqualTo("-32602");
	}

}
