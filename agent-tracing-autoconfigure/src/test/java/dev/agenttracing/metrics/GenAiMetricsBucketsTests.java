package dev.agenttracing.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Every observation lands in its own bucket, in Micrometer's own registry (what
 * {@code /actuator/metrics} reads) and in a real Prometheus scrape, with Prometheus
 * names.
 */
class GenAiMetricsBucketsTests {

	// Known values: 5 ms, 15 ms, 0.3 s and 3 s; 3 and 70 tokens.
	private static final double[] DURATIONS = { 0.005, 0.015, 0.3, 3.0 };

	private static final Map<String, Long> CUMULATIVE_DURATION_COUNTS = cumulative("0.01", 1L, "0.02", 2L, "0.04", 2L,
			"0.08", 2L, "0.16", 2L, "0.32", 3L, "0.64", 3L, "1.28", 3L, "2.56", 3L, "5.12", 4L, "10.24", 4L, "20.48",
			4L, "40.96", 4L, "81.92", 4L, "+Inf", 4L);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, AgentTracingAutoConfiguration.class));

	@Test
	void subSecondDurationsLandInTheirOwnBuckets() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		record(new MicrometerOperationMetrics(registry));
		Timer duration = registry.get(MicrometerOperationMetrics.OPERATION_DURATION).timer();
		assertThat(cumulativeSeconds(duration)).containsExactlyEntriesOf(withoutInf(CUMULATIVE_DURATION_COUNTS));
		assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(3.32, org.assertj.core.api.Assertions.within(1e-9));
		Timer firstChunk = registry.get(MicrometerOperationMetrics.TIME_TO_FIRST_CHUNK).timer();
		assertThat(cumulativeSeconds(firstChunk)).containsExactlyEntriesOf(withoutInf(CUMULATIVE_DURATION_COUNTS));
	}

	@Test
	void microsecondsAndHundredsOfSecondsLandInTheFirstAndOverflowBuckets() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		MicrometerOperationMetrics metrics = new MicrometerOperationMetrics(registry);
		metrics.record(operation(0.000001, null, null, null));
		metrics.record(operation(0.0099999, null, null, null));
		metrics.record(operation(0.01, null, null, null));
		metrics.record(operation(0.0100001, null, null, null));
		metrics.record(operation(100.0, null, null, null));
		Map<String, Long> counts = cumulativeSeconds(
				registry.get(MicrometerOperationMetrics.OPERATION_DURATION).timer());
		assertThat(counts).containsEntry("0.01", 3L).containsEntry("0.02", 4L).containsEntry("81.92", 4L);
		assertThat(registry.get(MicrometerOperationMetrics.OPERATION_DURATION).timer().count()).isEqualTo(5);
	}

	@Test
	void tokenCountsLandInTheirOwnBuckets() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		record(new MicrometerOperationMetrics(registry));
		CountAtBucket[] buckets = registry.get(MicrometerOperationMetrics.TOKEN_USAGE)
			.tag("gen_ai.token.type", "input")
			.summary()
			.takeSnapshot()
			.histogramCounts();
		assertThat(Arrays.stream(buckets).mapToDouble(CountAtBucket::count).toArray()).containsExactly(0, 1, 1, 1, 2, 2,
				2, 2, 2, 2, 2, 2, 2, 2);
	}

	@Test
	void metricsEndpointShowsSecondsAndTokens() {
		this.contextRunner.run((context) -> {
			record(context.getBean(OperationMetrics.class));
			MetricsEndpoint endpoint = new MetricsEndpoint(context.getBean(MeterRegistry.class));
			MetricsEndpoint.MetricDescriptor duration = endpoint.metric(MicrometerOperationMetrics.OPERATION_DURATION,
					null);
			assertThat(duration.getBaseUnit()).isEqualTo("seconds");
			assertThat(duration.getMeasurements()).anySatisfy((sample) -> {
				assertThat(sample.getStatistic().name()).isEqualTo("TOTAL_TIME");
				assertThat(sample.getValue()).isCloseTo(3.32, org.assertj.core.api.Assertions.within(1e-9));
			});
			assertThat(endpoint.metric(MicrometerOperationMetrics.TOKEN_USAGE, null).getBaseUnit())
				.isEqualTo("{token}");
		});
	}

	@Test
	void prometheusScrapeHasConventionNamesAndExactBuckets() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(PrometheusMetricsExportAutoConfiguration.class))
			.run((context) -> {
				record(context.getBean(OperationMetrics.class));
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape)
					.contains("gen_ai_client_operation_duration_seconds_bucket",
							"gen_ai_client_operation_time_to_first_chunk_seconds_bucket",
							"gen_ai_client_token_usage_bucket", "agent_tracing_client_cost_total{")
					.doesNotContain("duration_s_", "chunk_s_", "__token_", "cost_USD", "_USD_");
				assertThat(buckets(scrape, "gen_ai_client_operation_duration_seconds_bucket"))
					.containsExactlyEntriesOf(CUMULATIVE_DURATION_COUNTS);
				assertThat(buckets(scrape, "gen_ai_client_operation_time_to_first_chunk_seconds_bucket"))
					.containsExactlyEntriesOf(CUMULATIVE_DURATION_COUNTS);
				assertThat(buckets(scrape, "gen_ai_client_token_usage_bucket", "gen_ai_token_type=\"output\""))
					.containsExactlyEntriesOf(cumulative("1.0", 0L, "4.0", 1L, "16.0", 1L, "64.0", 1L, "256.0", 2L,
							"1024.0", 2L, "4096.0", 2L, "16384.0", 2L, "65536.0", 2L, "262144.0", 2L, "1048576.0", 2L,
							"4194304.0", 2L, "1.6777216E7", 2L, "6.7108864E7", 2L, "+Inf", 2L));
				assertThat(scrape).containsPattern(
						"agent_tracing_client_cost_total\\{currency=\"USD\",gen_ai_request_model=\"gpt-4o\"\\} 0.25");
			});
	}

	private static void record(OperationMetrics metrics) {
		long[][] tokens = { { 3, 3 }, { 70, 70 }, {}, {} };
		for (int i = 0; i < DURATIONS.length; i++) {
			Long input = (tokens[i].length > 0) ? tokens[i][0] : null;
			Long output = (tokens[i].length > 0) ? tokens[i][1] : null;
			Double cost = (i == DURATIONS.length - 1) ? 0.25 : null;
			metrics.record(new FinishedOperation("chat", "openai", "gpt-4o", "gpt-4o", null, DURATIONS[i], input,
					output, DURATIONS[i], cost, "USD"));
		}
	}

	private static FinishedOperation operation(double seconds, Long input, Long output, Double firstChunk) {
		return new FinishedOperation("chat", "openai", "gpt-4o", "gpt-4o", null, seconds, input, output, firstChunk,
				null, "USD");
	}

	private static Map<String, Long> cumulativeSeconds(Timer timer) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
			counts.put(String.valueOf(bucket.bucket(TimeUnit.SECONDS)), (long) bucket.count());
		}
		return counts;
	}

	// Only the first line of each bucket (the duration test's one chat series, or the one
	// selected).
	private static Map<String, Long> buckets(String scrape, String name, String... selectors) {
		Map<String, Long> counts = new LinkedHashMap<>();
		Matcher matcher = Pattern.compile("(?m)^" + name + "\\{([^}]*)le=\"([^\"]+)\"[^}]*\\} (\\S+)$").matcher(scrape);
		while (matcher.find()) {
			String labels = matcher.group(1);
			if (Arrays.stream(selectors).allMatch(labels::contains)) {
				counts.merge(matcher.group(2), (long) Double.parseDouble(matcher.group(3)), Long::sum);
			}
		}
		return counts;
	}

	private static Map<String, Long> withoutInf(Map<String, Long> counts) {
		Map<String, Long> copy = new LinkedHashMap<>(counts);
		copy.remove("+Inf");
		return copy;
	}

	private static Map<String, Long> cumulative(Object... pairs) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			counts.put((String) pairs[i], (Long) pairs[i + 1]);
		}
		return counts;
	}

}
