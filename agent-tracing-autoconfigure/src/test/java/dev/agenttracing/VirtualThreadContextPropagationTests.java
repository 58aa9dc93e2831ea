package dev.agenttracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import dev.agenttracing.ExecutorContextPropagationTests.Agents;
import dev.agenttracing.ExecutorContextPropagationTests.Hop;
import dev.agenttracing.ExecutorContextPropagationTests.Planner;
import dev.agenttracing.ExecutorContextPropagationTests.Seen;
import dev.agenttracing.ExecutorContextPropagationTests.Tools;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingPropagationAutoConfiguration;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * With {@code spring.threads.virtual.enabled=true}, Boot's
 * {@code applicationTaskExecutor} runs each task on a new virtual thread; tools there
 * keep the run as parent. Needs Java 21: skipped on the default JDK 17, run by the build
 * on the Temurin 25 JDK when it is installed (profile {@code virtual-threads}).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadContextPropagationTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, AopAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				AgentTracingAutoConfiguration.class, AgentTracingPropagationAutoConfiguration.class))
		.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
		.withUserConfiguration(Agents.class)
		.withPropertyValues("management.tracing.sampling.probability=1.0", "spring.threads.virtual.enabled=true");

	@ParameterizedTest
	@EnumSource(Hop.class)
	void toolOnAVirtualThreadHasTheRunAsParent(Hop hop) {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(SimpleAsyncTaskExecutor.class);
			try (Scope scope = Context.current().with(ExecutorContextPropagationTests.TENANT, "acme").makeCurrent()) {
				context.getBean(Planner.class).plan(hop, "Kyoto");
			}
			Seen seen = context.getBean(Tools.class).seen().get(0);
			assertThat(isVirtual(seen.thread())).as("the tool ran on a virtual thread").isTrue();
			assertThat(seen.tenant()).isEqualTo("acme");
			SpanData planner = span("invoke_agent planner");
			assertThat(span("execute_tool lookup")).hasParent(planner);
		});
	}

	// Compiled for Java 17, where Thread.isVirtual() does not exist yet.
	private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

	private SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.reduce((first, second) -> {
				throw new AssertionError("more than one span named " + name);
			})
			.orElseThrow(() -> new AssertionError("no span named " + name));
	}

}
