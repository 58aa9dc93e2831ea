package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
	void everyMeterOfANameHasTheSameTagKeys() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		McpMetrics metrics = new McpMetrics(registry);
		metrics.record(false, "tools/list", null, "pipe", null, 1_000_000);
		metrics.record(false, "prompts/get", "trip", "pipe", "-32602", 1_000_000);
		assertThat(registry.get("mcp.server.operation.duration").timers()).hasSize(2)
			.allSatisfy((timer) -> assertThat(timer.getId().getTags()).extracting((tag) -> tag.getKey())
				.containsExactly("error.type", "gen_ai.prompt.name", "gen_ai.tool.name", "mcp.method.name",
						"network.transport"));
		assertThat(registry.get("mcp.server.operation.duration").tag("gen_ai.prompt.name", "trip").timer()
			.getId().getTag("error.type")).isEqualTo("-32602");
	}

}
