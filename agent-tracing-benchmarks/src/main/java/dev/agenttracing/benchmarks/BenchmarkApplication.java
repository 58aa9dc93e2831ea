package dev.agenttracing.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingDeliveryAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingExportAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingShutdownAutoConfiguration;

/**
 * A real Spring Boot application context for one benchmark, started in {@link Setup} and
 * closed in {@link TearDown}. Every case runs on the same auto-configurations (Boot's
 * OpenTelemetry SDK, Boot's tracing with its {@code BatchSpanProcessor}, the Micrometer
 * bridge, Spring AOP and agent-tracing) with every trace sampled; cases differ only in
 * properties and in the few beans they add, so a difference in the results is the
 * difference between the cases.
 *
 * @author agent-tracing
 */
public abstract class BenchmarkApplication {

	/**
	 * Properties every benchmark application shares. A benchmark makes spans far faster
	 * than any agent (hundreds of thousands per second from one thread), so Boot's span
	 * queue overflows and the SDK drops spans; its WARN line for every batch would put
	 * console I/O into the measurement, so it is silenced.
	 */
	static final List<String> COMMON_PROPERTIES = List.of("management.tracing.sampling.probability=1.0",
			"spring.main.banner-mode=off", "spring.main.log-startup-info=false", "logging.level.root=WARN",
			"logging.level.io.opentelemetry.sdk.trace.export.BatchSpanProcessor=ERROR");

	private @Nullable ConfigurableApplicationContext context;

	/**
	 * The configuration classes of this application.
	 * @return the sources
	 */
	protected abstract Class<?>[] sources();

	/**
	 * The properties that make this case what it is, beside {@link #COMMON_PROPERTIES}.
	 * @return properties as {@code key=value}
	 */
	protected abstract String[] properties();

	/**
	 * Check, before measuring, that the application does what the case says (for example
	 * that a traced call really exports one span), so that no result comes from a
	 * misconfigured context.
	 */
	protected abstract void verify();

	/**
	 * Called before the application starts, for what its properties depend on.
	 * @throws Exception if it fails
	 */
	protected void beforeStart() throws Exception {
	}

	/**
	 * Called after the application is closed.
	 */
	protected void afterClose() {
	}

	@Setup(Level.Trial)
	public void start() throws Exception {
		beforeStart();
		List<String> properties = new ArrayList<>(COMMON_PROPERTIES);
		properties.addAll(Arrays.asList(properties()));
		this.context = new SpringApplicationBuilder(sources()).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		verify();
	}

	@TearDown(Level.Trial)
	public void close() {
		try {
			if (this.context != null) {
				this.context.close();
			}
		}
		finally {
			afterClose();
		}
	}

	protected ConfigurableApplicationContext context() {
		if (this.context == null) {
			throw new IllegalStateException("Application not started");
		}
		return this.context;
	}

	/**
	 * Check that the application records agent-tracing's GenAI client metrics.
	 */
	protected void expectGenAiMetrics() {
		if (bean(MeterRegistry.class).find("gen_ai.client.operation.duration").meters().isEmpty()) {
			throw new IllegalStateException(getClass().getSimpleName() + ": no gen_ai.client.operation.duration");
		}
	}

	protected <T> T bean(Class<T> type) {
		return context().getBean(type);
	}

	/**
	 * Run {@code call} once and check that it ends up as {@code expected} spans at the
	 * exporter, through Boot's batch processor.
	 * @param call the call to check
	 * @param expected how many spans it must export
	 */
	protected void expectExportedSpans(Supplier<?> call, int expected) {
		NoopSpanExporter exporter = bean(NoopSpanExporter.class);
		long before = exporter.exported();
		call.get();
		CompletableResultCode flushed = bean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		long exported = exporter.exported() - before;
		if (!flushed.isSuccess() || exported != expected) {
			throw new IllegalStateException(
					getClass().getSimpleName() + ": expected " + expected + " exported span(s), got " + exported);
		}
	}

	/**
	 * Run {@code call} once and return the spans it exported, through Boot's batch
	 * processor (flushed before and after, so that only its spans are in the list).
	 * @param call the call
	 * @return the spans the call exported
	 */
	protected List<SpanData> spansOf(Runnable call) {
		NoopSpanExporter exporter = bean(NoopSpanExporter.class);
		SdkTracerProvider tracerProvider = bean(SdkTracerProvider.class);
		tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
		List<SpanData> spans = exporter.record();
		call.run();
		tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
		exporter.stopRecording();
		return spans;
	}

	/**
	 * Boot's tracing stack and agent-tracing (its call path, its export pipeline: the
	 * accounting of every exporter in Boot's batch processor and queue-drop counting, and
	 * its graceful shutdown, which counts the agent runs in flight), without a
	 * {@code MeterRegistry}: spans only. Actuator endpoints are left out, as they play no
	 * part in a call.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
			OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
			ObservationAutoConfiguration.class, AgentTracingAutoConfiguration.class,
			AgentTracingExportAutoConfiguration.class, AgentTracingDeliveryAutoConfiguration.class,
			AgentTracingShutdownAutoConfiguration.class })
	@Import(Beans.class)
	static class TracingApplication {

	}

	/**
	 * As {@link TracingApplication}, with Boot's metrics (a {@code MeterRegistry}), as an
	 * application with the starter has: agent-tracing then records its
	 * {@code gen_ai.client.*} metrics and {@code @Observed} records timers, beside the
	 * spans. One import list, so that Boot orders the auto-configurations together.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
			OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
			ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
			AgentTracingAutoConfiguration.class, AgentTracingExportAutoConfiguration.class,
			AgentTracingDeliveryAutoConfiguration.class })
	@Import(Beans.class)
	static class TracingWithMetricsApplication {

	}

	/**
	 * The benchmark's beans and the no-op exporter.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		NoopSpanExporter noopSpanExporter() {
			return new NoopSpanExporter();
		}

		@Bean
		WeatherTool weatherTool() {
			return new WeatherTool();
		}

		@Bean
		ActivityTool activityTool() {
			return new ActivityTool();
		}

		@Bean
		ScriptedModel scriptedModel() {
			return new ScriptedModel();
		}

		@Bean
		TripPlanner tripPlanner(WeatherTool weatherTool, ActivityTool activityTool, ScriptedModel scriptedModel) {
			return new TripPlanner(weatherTool, activityTool, scriptedModel);
		}

	}

	/**
	 * The span of case 4 written by hand in a Spring AOP interceptor on the tool (case
	 * 4p).
	 */
	@Configuration(proxyBeanMethods = false)
	static class HandWrittenSpanAdvice {

		@Bean
		static HandWrittenSpanAdvisor handWrittenSpanAdvisor(ObjectProvider<OpenTelemetry> openTelemetry) {
			return new HandWrittenSpanAdvisor(openTelemetry::getObject);
		}

	}

	/**
	 * Advice that only proceeds, so that the tool is called through a Spring proxy.
	 */
	@Configuration(proxyBeanMethods = false)
	static class PassThroughAdvice {

		@Bean
		static PassThroughAdvisor passThroughAdvisor() {
			return new PassThroughAdvisor();
		}

	}

}
