package dev.agenttracing;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.RunContextAgents.ChatThread;
import dev.agenttracing.RunContextAgents.LookupTool;
import dev.agenttracing.RunContextAgents.ScriptedModel;
import dev.agenttracing.RunContextAgents.SupportAgent;
import dev.agenttracing.RunContextAgents.SupportRequest;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the run context tests share: Boot's own SDK (its sampler, its span processor list)
 * with agent-tracing and the {@link RunContextAgents}, spans kept in memory, and a remote
 * caller.
 */
final class RunContextTestSupport {

	static final String REMOTE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String REMOTE_SPAN_ID = "00f067aa0ba902b7";

	private RunContextTestSupport() {
	}

	static ApplicationContextRunner contextRunner(InMemorySpanExporter exporter) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, AopAutoConfiguration.class,
					AgentTracingAutoConfiguration.class))
			.withBean("inMemorySpanProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(exporter))
			.withUserConfiguration(AgentsConfiguration.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0");
	}

	static Context remoteParent(TraceFlags flags) {
		return Context.root()
			.with(Span.wrap(SpanContext.createFromRemoteParent(REMOTE_TRACE_ID, REMOTE_SPAN_ID, flags,
					TraceState.getDefault())));
	}

	static SupportRequest request(String user, String thread) {
		return new SupportRequest(user, new ChatThread(thread), "where is my order?");
	}

	static SupportAgent agent(AssertableApplicationContext context) {
		return context.getBean(SupportAgent.class);
	}

	static SpanData span(InMemorySpanExporter exporter, String name) {
		List<SpanData> spans = spans(exporter, name);
		assertThat(spans).as("spans named '%s'", name).hasSize(1);
		return spans.get(0);
	}

	static List<SpanData> spans(InMemorySpanExporter exporter, String name) {
		return exporter.getFinishedSpanItems().stream().filter((span) -> span.getName().equals(name)).toList();
	}

	static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class AgentsConfiguration {

		@Bean
		LookupTool lookupTool(OpenTelemetry openTelemetry) {
			return new LookupTool(openTelemetry);
		}

		@Bean
		ScriptedModel scriptedModel() {
			return new ScriptedModel();
		}

		@Bean
		SupportAgent supportAgent(LookupTool lookupTool, ScriptedModel scriptedModel) {
			return new SupportAgent(lookupTool, scriptedModel);
		}

	}

}
