package dev.agenttracing.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.observation.conventions.AiProvider;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;
import org.springframework.ai.tool.observation.DefaultToolCallingObservationConvention;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationDocumentation;

/**
 * Exactly what agent-tracing's Spring AI integration replaces, measured alone: one Spring
 * AI chat-model observation (as {@code OpenAiChatModel} makes it around a call, with a
 * finished response and its token usage) or one tool-calling observation (as Spring AI's
 * {@code DefaultToolCallingManager} makes it around a tool), on the
 * {@link ObservationRegistry} of a Spring AI application, with no HTTP, JSON or model
 * around it. The applications are those of cases 9a and 9b: every auto-configuration on
 * the class path, Boot's tracing (every trace sampled) and metrics.
 * <ul>
 * <li>10a: Spring AI's own handling ({@code agent.tracing.enabled=false}): Micrometer's
 * tracing handler makes the span, Boot's meter handler the timer, Spring AI's handler the
 * token counter.</li>
 * <li>10b: the starter's default: agent-tracing's handler makes its span and its duration
 * and token histograms, Spring AI's timer stays, its token counter is denied.</li>
 * </ul>
 * The observation's own work (its conventions' key values, the timer) is in both; 10b /
 * 10a is issue 12's question about a turn's cost with the rest of the turn (HTTP, JSON,
 * Spring AI's client code, the same in both) taken out.
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpringAiObservationBenchmarks {

	/**
	 * Case 10a: the observation under Spring AI's own handlers.
	 * @param app the application
	 * @return the observed result
	 */
	@Benchmark
	public Object springAiHandlers(SpringAiHandlers app) {
		return app.observe();
	}

	/**
	 * Case 10b: the observation under agent-tracing's Spring AI integration.
	 * @param app the application
	 * @return the observed result
	 */
	@Benchmark
	public Object agentTracingHandlers(AgentTracingHandlers app) {
		return app.observe();
	}

	/**
	 * A Spring AI application and one prepared observation of each kind.
	 */
	// Set in verify(), which JMH's @Setup start() calls: NullAway does not follow that
	// call.
	@SuppressWarnings("NullAway.Init")
	@State(Scope.Benchmark)
	public abstract static class ObservingApplication extends BenchmarkApplication {

		private static final DefaultChatModelObservationConvention CHAT_CONVENTION = new DefaultChatModelObservationConvention();

		private static final DefaultToolCallingObservationConvention TOOL_CONVENTION = new DefaultToolCallingObservationConvention();

		@Param({ "chat", "tool" })
		public String observation = "chat";

		private ObservationRegistry registry;

		private Prompt prompt;

		private ChatResponse response;

		private ToolDefinition tool;

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { SpringAiBenchmarks.SpringAiApplicationConfiguration.class };
		}

		@Override
		protected String[] properties() {
			return new String[] { "spring.ai.openai.base-url=http://127.0.0.1:9", "spring.ai.openai.api-key=",
					"spring.ai.openai.chat.model=gpt-5-mini", "management.otlp.metrics.export.enabled=false",
					caseProperty() };
		}

		/**
		 * What makes this case what it is.
		 * @return a property as {@code key=value}
		 */
		abstract String caseProperty();

		@Override
		protected final void verify() {
			this.registry = bean(ObservationRegistry.class);
			// The request as OpenAiChatModel observes it: the user's messages with the
			// model's options.
			this.prompt = new Prompt(List.of(new UserMessage("A weekend in Paris?")),
					Objects.requireNonNull(bean(ChatModel.class).getDefaultOptions(), "the model's options"));
			this.response = new ChatResponse(
					List.of(new Generation(new AssistantMessage("Paris is rainy, 14°C: take an umbrella."),
							ChatGenerationMetadata.builder().finishReason("STOP").build())),
					ChatResponseMetadata.builder()
						.id("chatcmpl-bench")
						.model("gpt-5-mini-2025-08-07")
						.usage(new DefaultUsage(42, 17))
						.build());
			this.tool = ToolDefinition.builder()
				.name(WeatherTool.NAME)
				.description(WeatherTool.DESCRIPTION)
				.inputSchema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")
				.build();
			List<SpanData> spans = spansOf(this::observe);
			if (spans.size() != 1) {
				throw unexpected("one span expected", spans);
			}
			verify(spans.get(0));
			verify(bean(MeterRegistry.class).find("gen_ai.client.token.usage").meters());
		}

		/**
		 * Check the one span an observation exported.
		 * @param span the span
		 */
		abstract void verify(SpanData span);

		/**
		 * Check the token-usage meters after one observation.
		 * @param meters the meters named {@code gen_ai.client.token.usage}
		 */
		abstract void verify(Collection<Meter> meters);

		Object observe() {
			return this.observation.equals("chat") ? observeChat() : observeTool();
		}

		private ChatResponse observeChat() {
			ChatModelObservationContext context = ChatModelObservationContext.builder()
				.prompt(this.prompt)
				.provider(AiProvider.OPENAI.value())
				.build();
			Supplier<ChatResponse> call = () -> {
				context.setResponse(this.response);
				return this.response;
			};
			return Objects.requireNonNull(ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
				.observation(null, CHAT_CONVENTION, () -> context, this.registry)
				.observe(call));
		}

		private String observeTool() {
			ToolCallingObservationContext context = ToolCallingObservationContext.builder()
				.toolDefinition(this.tool)
				.toolMetadata(ToolMetadata.builder().build())
				.toolCallId("call_0f3a9c")
				.toolCallArguments("{\"city\":\"Paris\"}")
				.build();
			Supplier<String> call = () -> {
				String result = "\"rainy, 14°C\"";
				context.setToolCallResult(result);
				return result;
			};
			return Objects.requireNonNull(ToolCallingObservationDocumentation.TOOL_CALL
				.observation(null, TOOL_CONVENTION, () -> context, this.registry)
				.observe(call));
		}

		IllegalStateException unexpected(String what, Object found) {
			return new IllegalStateException(
					getClass().getSimpleName() + " (observation=" + this.observation + "): " + what + ", got " + found);
		}

	}

	@State(Scope.Benchmark)
	public static class SpringAiHandlers extends ObservingApplication {

		@Override
		String caseProperty() {
			return "agent.tracing.enabled=false";
		}

		@Override
		void verify(SpanData span) {
			if (SpringAiBenchmarks.SpringAiApplication.ours(span)) {
				throw unexpected("Spring AI's span expected", span);
			}
		}

		@Override
		void verify(Collection<Meter> meters) {
			// Spring AI's counter, one per token type (input, output, total), only for a
			// model call.
			int expected = this.observation.equals("chat") ? 3 : 0;
			if (meters.size() != expected || !meters.stream().allMatch((meter) -> meter instanceof Counter)) {
				throw unexpected(expected + " Spring AI token counters expected", meters);
			}
		}

	}

	@State(Scope.Benchmark)
	public static class AgentTracingHandlers extends ObservingApplication {

		@Override
		String caseProperty() {
			return "agent.tracing.spring-ai.enabled=true";
		}

		@Override
		void verify(SpanData span) {
			SpanKind kind = this.observation.equals("chat") ? SpanKind.CLIENT : SpanKind.INTERNAL;
			if (!SpringAiBenchmarks.SpringAiApplication.ours(span) || span.getKind() != kind) {
				throw unexpected("agent-tracing's " + kind + " span expected", span);
			}
		}

		@Override
		void verify(Collection<Meter> meters) {
			// agent-tracing's histogram, input and output, only for a model call.
			int expected = this.observation.equals("chat") ? 2 : 0;
			if (meters.size() != expected
					|| !meters.stream().allMatch((meter) -> meter instanceof DistributionSummary)) {
				throw unexpected(expected + " agent-tracing token histograms expected", meters);
			}
		}

	}

}
