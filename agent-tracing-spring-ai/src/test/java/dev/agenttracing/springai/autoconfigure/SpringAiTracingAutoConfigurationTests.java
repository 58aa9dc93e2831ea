package dev.agenttracing.springai.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.observation.autoconfigure.ChatObservationAutoConfiguration;
import org.springframework.ai.tool.execution.DefaultToolExecutionExceptionProcessor;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.springai.ChatClientCallerContextHandler;
import dev.agenttracing.springai.ChatModelTracingObservationHandler;
import dev.agenttracing.springai.InactiveChatModelMeterObservationHandler;
import dev.agenttracing.springai.SpringAiTokenUsageCounterFilter;
import dev.agenttracing.springai.StreamingChatTracingAdvisor;
import dev.agenttracing.springai.ToolCallingTracingObservationHandler;
import dev.agenttracing.springai.ToolFailureRecordingProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Spring AI integration adds, when it backs off, and that agent-tracing works
 * without Spring AI.
 */
class SpringAiTracingAutoConfigurationTests {

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.spans)).build())
		.setPropagators(ContextPropagators.noop())
		.build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AgentTracingAutoConfiguration.class, SpringAiTracingAutoConfiguration.class))
		.withBean(io.opentelemetry.api.OpenTelemetry.class, () -> this.openTelemetry)
		.withBean(Tracer.class, () -> Tracer.NOOP)
		.withBean(ToolExecutionExceptionProcessor.class,
				() -> DefaultToolExecutionExceptionProcessor.builder().build());

	@AfterEach
	void tearDown() {
		this.openTelemetry.close();
	}

	@Test
	void tracesSpringAiWhenItIsPresent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChatModelTracingObservationHandler.class)
				.hasSingleBean(ToolCallingTracingObservationHandler.class)
				.hasSingleBean(ChatClientCallerContextHandler.class)
				.hasSingleBean(StreamingChatTracingAdvisor.class)
				.hasSingleBean(SpringAiTokenUsageCounterFilter.class)
				.hasBean("agentTracingChatClientCustomizer");
			assertThat(context.getBean(ChatModelTracingObservationHandler.class).getOrder())
				.isLessThan(Integer.MAX_VALUE - 1000);
			// The application's processor still decides what the model sees, behind ours.
			assertThat(context.getBean(ToolExecutionExceptionProcessor.class)).isInstanceOfSatisfying(
					ToolFailureRecordingProcessor.class, (processor) -> assertThat(processor.getDelegate())
						.isInstanceOf(DefaultToolExecutionExceptionProcessor.class));
		});
	}

	@Test
	void keepsSpringAisTokenCounterHandlerOut() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ChatObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ChatModelMeterObservationHandler.class)
					.doesNotHaveBean("chatModelMeterObservationHandler");
				ChatModelMeterObservationHandler handler = context.getBean(ChatModelMeterObservationHandler.class);
				assertThat(handler).isInstanceOf(InactiveChatModelMeterObservationHandler.class);
				assertThat(handler.supportsContext(ChatModelObservationContext.builder()
					.prompt(new Prompt("A weekend in Paris?"))
					.provider("openai")
					.build())).isFalse();
			});
	}

	@Test
	void givesSpringAiItsTokenCounterHandlerBackWhenSwitchedOff() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ChatObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("agent.tracing.spring-ai.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ChatModelMeterObservationHandler.class)
				.hasBean("chatModelMeterObservationHandler")
				.getBean(ChatModelMeterObservationHandler.class)
				.isNotInstanceOf(InactiveChatModelMeterObservationHandler.class));
	}

	@Test
	void leavesSpringAiUntouchedWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("agent.tracing.spring-ai.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(AgentTracer.class)
				.doesNotHaveBean(ChatModelTracingObservationHandler.class)
				.doesNotHaveBean(ToolCallingTracingObservationHandler.class)
				.doesNotHaveBean(ChatClientCallerContextHandler.class)
				.doesNotHaveBean(StreamingChatTracingAdvisor.class)
				.doesNotHaveBean(SpringAiTokenUsageCounterFilter.class)
				.doesNotHaveBean("agentTracingChatClientCustomizer");
			assertThat(context.getBean(ToolExecutionExceptionProcessor.class))
				.isInstanceOf(DefaultToolExecutionExceptionProcessor.class);
		});
	}

	@Test
	void createsNothingWhenAgentTracingIsDisabled() {
		this.contextRunner.withPropertyValues("agent.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTracer.class)
				.doesNotHaveBean(ChatModelTracingObservationHandler.class)
				.doesNotHaveBean(SpringAiTokenUsageCounterFilter.class)
				.getBean(ToolExecutionExceptionProcessor.class)
				.isInstanceOf(DefaultToolExecutionExceptionProcessor.class));
	}

	@Test
	void backsOffWithoutMicrometerTracingsOpenTelemetryBridge() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OtelSpan.class))
			.run((context) -> assertThat(context).hasSingleBean(AgentTracer.class)
				.doesNotHaveBean(ChatModelTracingObservationHandler.class)
				.doesNotHaveBean(ToolCallingTracingObservationHandler.class));
	}

	@Test
	void agentTracingWorksWithoutSpringAi() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(AgentTracingAutoConfiguration.class, SpringAiTracingAutoConfiguration.class))
			.withBean(io.opentelemetry.api.OpenTelemetry.class, () -> this.openTelemetry)
			.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(AgentTracer.class)
					.doesNotHaveBean(ChatModelTracingObservationHandler.class)
					.doesNotHaveBean(StreamingChatTracingAdvisor.class)
					.doesNotHaveBean(SpringAiTracingProperties.class);
				String result = context.getBean(AgentTracer.class).tool(ToolSpec.named("get_weather"), () -> "sunny");
				assertThat(result).isEqualTo("sunny");
				assertThat(this.spans.getFinishedSpanItems()).singleElement()
					.satisfies((span) -> assertThat(span.getName()).isEqualTo("execute_tool get_weather"));
			});
	}

}
