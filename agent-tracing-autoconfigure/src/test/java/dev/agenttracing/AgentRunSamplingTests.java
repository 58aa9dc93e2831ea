package dev.agenttracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.sampling.AgentRunSampler;
import dev.agenttracing.semconv.GenAiAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How the application's sampler, Boot's sampler and agent-tracing's probability share the
 * decision about agent runs, on Boot's real SDK.
 *
 * @author agent-tracing
 */
class AgentRunSamplingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AgentTracingAutoConfiguration.class))
		.withBean("inMemorySpanProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter));

	@Test
	void applicationSamplerIsAskedAboutEveryRunAndCanDropIt() {
		OnlyAgentRuns sampler = new OnlyAgentRuns("healthcheck");
		this.contextRunner.withBean(Sampler.class, () -> sampler).run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			tracer.agentRun(AgentRunSpec.named("healthcheck"), () -> tracer.tool(ToolSpec.named("ping"), () -> "ok"));
			tracer.agentRun(AgentRunSpec.named("planner"), () -> "plan");
			assertThat(names()).containsExactly("invoke_agent planner");
			assertThat(sampler.askedAboutAgents).containsExactly("healthcheck", "planner");
		});
	}

	@Test
	void everySpanInsideARecordedRunFollowsTheRunWhateverTheApplicationSamplerSays() {
		this.contextRunner.withBean(Sampler.class, () -> new OnlyAgentRuns("healthcheck")).run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			OpenTelemetry openTelemetry = context.getBean(OpenTelemetry.class);
			tracer.agentRun(AgentRunSpec.named("planner").provider("openai"), () -> {
				tracer.tool(ToolSpec.named("get_weather"), () -> {
					openTelemetry.getTracer("http").spanBuilder("http get").startSpan().end();
					return "rain";
				});
				tracer.agentRun(AgentRunSpec.named("guide"), () -> "sights");
				return tracer.llmCall(LlmCallSpec.chat("gpt-4o"), () -> "answer");
			});
			openTelemetry.getTracer("http").spanBuilder("outside any run").startSpan().end();
			assertThat(names()).containsExactlyInAnyOrder("invoke_agent planner", "execute_tool get_weather",
					"http get", "invoke_agent guide", "chat gpt-4o");
		});
	}

	@Test
	void spansInsideADroppedRunAreDroppedToo() {
		this.contextRunner.withBean(Sampler.class, Sampler::alwaysOn)
			.withPropertyValues("agent.tracing.sampling.probability=0.0")
			.run((context) -> {
				AgentTracer tracer = context.getBean(AgentTracer.class);
				tracer.agentRun(AgentRunSpec.named("planner"),
						() -> tracer.tool(ToolSpec.named("get_weather"), () -> "rain"));
				assertThat(names()).isEmpty();
			});
	}

	@Test
	void bootsDefaultSamplerLeavesRunsToAgentTracingsProbability() {
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.0").run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			tracer.agentRun(AgentRunSpec.named("planner"), () -> tracer.tool(ToolSpec.named("ping"), () -> "ok"));
			context.getBean(OpenTelemetry.class).getTracer("http").spanBuilder("outside").startSpan().end();
			assertThat(names()).containsExactlyInAnyOrder("invoke_agent planner", "execute_tool ping");
			Sampler sampler = context.getBean(SdkTracerProvider.class).getSampler();
			assertThat(sampler).isInstanceOfSatisfying(AgentRunSampler.class,
					(runs) -> assertThat(runs.toString()).doesNotContain("decides runs"));
		});
	}

	@Test
	void failedRunReachesAnApplicationProcessorWhateverItsPackage() {
		AuditProcessor audit = new AuditProcessor();
		this.contextRunner.withBean("auditProcessor", SpanProcessor.class, () -> audit)
			.withPropertyValues("agent.tracing.sampling.probability=0.0",
					"agent.tracing.sampling.record-failed-runs=true")
			.run((context) -> {
				AgentTracer tracer = context.getBean(AgentTracer.class);
				assertThatIllegalStateException().isThrownBy(() -> tracer.agentRun(AgentRunSpec.named("fragile"),
						() -> tracer.tool(ToolSpec.named("lookup"), () -> {
							throw new IllegalStateException("timed out");
						})));
				assertThat(AuditProcessor.class.getName()).startsWith("dev.agenttracing.");
				assertThat(audit.sampledEnds).containsExactlyInAnyOrder("execute_tool lookup", "invoke_agent fragile");
				assertThat(names()).containsExactlyInAnyOrder("execute_tool lookup", "invoke_agent fragile");
			});
	}

	private List<String> names() {
		return this.exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
	}

	/** Records agent runs but the named one, drops everything else it is asked about. */
	static final class OnlyAgentRuns implements Sampler {

		final List<String> askedAboutAgents = new CopyOnWriteArrayList<>();

		private final String dropped;

		OnlyAgentRuns(String dropped) {
			this.dropped = dropped;
		}

		@Override
		public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
				Attributes attributes, List<LinkData> parentLinks) {
			String agent = attributes.get(GenAiAttributes.AGENT_NAME);
			if (agent == null) {
				return SamplingResult.drop();
			}
			this.askedAboutAgents.add(agent);
			return agent.equals(this.dropped) ? SamplingResult.drop() : SamplingResult.recordAndSample();
		}

		@Override
		public String getDescription() {
			return "OnlyAgentRuns";
		}

	}

	/** An application's processor that happens to live in agent-tracing's namespace. */
	static final class AuditProcessor implements SpanProcessor {

		final List<String> sampledEnds = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			if (span.getSpanContext().isSampled()) {
				this.sampledEnds.add(span.getName());
			}
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}
