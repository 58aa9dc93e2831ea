package dev.agenttracing.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Spring AI {@code ChatClient} turn against an OpenAI-compatible server on the
 * loopback interface, over real HTTP through Spring AI's OpenAI client, in a Spring Boot
 * application with every auto-configuration on the class path (the starter's and Spring
 * AI's), Boot's tracing and metrics, every trace sampled. A turn is either one model call
 * that answers ({@code turn=answer}) or a model call that asks for a tool, the tool, and
 * a second model call that answers ({@code turn=toolCall}).
 * <ul>
 * <li>9n: no observations at all ({@code management.observations.enable.all=false},
 * agent-tracing disabled): the HTTP round trips and Spring AI itself, the floor.</li>
 * <li>9a: Spring AI's own instrumentation ({@code agent.tracing.enabled=false}): its
 * observations of the chat client, the chat model and the tool, OkHttp's client
 * observation, through Boot's tracing bridge and metrics.</li>
 * <li>9c: as 9a, in an application with agent-tracing on and only its Spring AI
 * integration off ({@code agent.tracing.spring-ai.enabled=false}): 9b - 9c is the
 * integration alone.</li>
 * <li>9b: the same with agent-tracing's Spring AI integration on, which replaces Spring
 * AI's chat-model and tool observations by its own spans and metrics.</li>
 * </ul>
 *
 * @author agent-tracing
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpringAiBenchmarks {

	/**
	 * Case 9n: a turn with no instrumentation.
	 * @param app the application
	 * @return the answer
	 */
	@Benchmark
	public @Nullable String springAiNoObservations(NoObservations app) {
		return app.turn();
	}

	/**
	 * Case 9a: a turn under Spring AI's own observations.
	 * @param app the application
	 * @return the answer
	 */
	@Benchmark
	public @Nullable String springAiObserved(SpringAiObserved app) {
		return app.turn();
	}

	/**
	 * Case 9c: a turn under Spring AI's own observations in an application with
	 * agent-tracing on and only its Spring AI integration off.
	 * @param app the application
	 * @return the answer
	 */
	@Benchmark
	public @Nullable String springAiObservedStarterApp(SpringAiObservedStarterApp app) {
		return app.turn();
	}

	/**
	 * Case 9b: a turn traced by agent-tracing's Spring AI integration.
	 * @param app the application
	 * @return the answer
	 */
	@Benchmark
	public @Nullable String springAiTraced(SpringAiTraced app) {
		return app.turn();
	}

	/**
	 * A Spring AI application pointed at a {@link LoopbackOpenAi} server.
	 */
	@State(Scope.Benchmark)
	public abstract static class SpringAiApplication extends BenchmarkApplication {

		@Param({ "answer", "toolCall" })
		public String turn = "answer";

		private @Nullable LoopbackOpenAi server;

		private @Nullable ChatClient client;

		@Override
		protected void beforeStart() {
			this.server = LoopbackOpenAi.create();
		}

		@Override
		protected void afterClose() {
			if (this.server != null) {
				this.server.close();
			}
		}

		@Override
		protected Class<?>[] sources() {
			return new Class<?>[] { SpringAiApplicationConfiguration.class };
		}

		@Override
		protected String[] properties() {
			if (this.server == null) {
				throw new IllegalStateException("The loopback server is not started");
			}
			List<String> properties = new ArrayList<>(List.of("spring.ai.openai.base-url=" + this.server.baseUrl(),
					"spring.ai.openai.api-key=", "spring.ai.openai.chat.model=gpt-5-mini",
					// The starter brings Micrometer's OTLP registry; there is no
					// collector to push to.
					"management.otlp.metrics.export.enabled=false"));
			properties.addAll(List.of(caseProperties()));
			return properties.toArray(String[]::new);
		}

		/**
		 * What makes this case what it is.
		 * @return properties as {@code key=value}
		 */
		protected abstract String[] caseProperties();

		@Override
		protected final void verify() {
			ChatClient.Builder builder = bean(ChatClient.Builder.class);
			if (this.turn.equals("toolCall")) {
				// Once, as an application does: Spring AI generates a tool's JSON schema
				// when it makes
				// its callback, which costs more than the rest of a turn.
				builder.defaultToolCallbacks(ToolCallbacks.from(bean(TripTools.class)));
			}
			this.client = builder.build();
			String answer = turn();
			if (answer == null || !answer.startsWith("Paris is rainy")) {
				throw new IllegalStateException(getClass().getSimpleName() + ": unexpected answer " + answer);
			}
			List<SpanData> spans = spansOf(this::turn);
			verify(spans, this.turn.equals("toolCall") ? 2 : 1);
		}

		/**
		 * Check the spans of one turn.
		 * @param spans the spans one turn exported
		 * @param modelCalls how many model calls the turn makes
		 */
		protected abstract void verify(List<SpanData> spans, int modelCalls);

		@Nullable String turn() {
			return Objects.requireNonNull(this.client, "verify() builds the client")
				.prompt()
				.user("A weekend in Paris?")
				.call()
				.content();
		}

		static List<SpanData> named(List<SpanData> spans, String prefix) {
			return spans.stream().filter((span) -> span.getName().startsWith(prefix)).toList();
		}

		static boolean ours(SpanData span) {
			return span.getInstrumentationScopeInfo().getName().equals("dev.agenttracing");
		}

		IllegalStateException unexpected(String what, List<SpanData> spans) {
			return new IllegalStateException(getClass().getSimpleName() + " (turn=" + this.turn + "): " + what + " in "
					+ spans.stream()
						.map((span) -> span.getName() + " [" + span.getKind() + ", "
								+ span.getInstrumentationScopeInfo().getName() + "]")
						.collect(Collectors.joining(", ")));
		}

	}

	@State(Scope.Benchmark)
	public static class NoObservations extends SpringAiApplication {

		@Override
		protected String[] caseProperties() {
			return new String[] { "agent.tracing.enabled=false", "management.observations.enable.all=false" };
		}

		@Override
		protected void verify(List<SpanData> spans, int modelCalls) {
			if (!spans.isEmpty()) {
				throw unexpected("no spans expected", spans);
			}
		}

	}

	@State(Scope.Benchmark)
	public static class SpringAiObserved extends SpringAiApplication {

		@Override
		protected String[] caseProperties() {
			return new String[] { "agent.tracing.enabled=false" };
		}

		@Override
		protected void verify(List<SpanData> spans, int modelCalls) {
			if (named(spans, "chat ").size() != modelCalls || spans.stream().anyMatch(SpringAiApplication::ours)) {
				throw unexpected(modelCalls + " chat span(s) of Spring AI's and none of agent-tracing's expected",
						spans);
			}
		}

	}

	@State(Scope.Benchmark)
	public static class SpringAiObservedStarterApp extends SpringAiObserved {

		@Override
		protected String[] caseProperties() {
			return new String[] { "agent.tracing.spring-ai.enabled=false" };
		}

	}

	@State(Scope.Benchmark)
	public static class SpringAiTraced extends SpringAiApplication {

		@Override
		protected String[] caseProperties() {
			return new String[0];
		}

		@Override
		protected void verify(List<SpanData> spans, int modelCalls) {
			List<SpanData> chats = named(spans, "chat ");
			if (chats.size() != modelCalls
					|| !chats.stream().allMatch((span) -> ours(span) && span.getKind() == SpanKind.CLIENT)) {
				throw unexpected(modelCalls + " chat CLIENT span(s), all agent-tracing's, expected", spans);
			}
			List<SpanData> tools = spans.stream().filter((span) -> span.getName().contains(WeatherTool.NAME)).toList();
			if (tools.size() != modelCalls - 1 || !tools.stream().allMatch(SpringAiApplication::ours)) {
				throw unexpected((modelCalls - 1) + " tool span(s), all agent-tracing's, expected", spans);
			}
		}

	}

	/**
	 * What a Spring AI application with the starter has: every auto-configuration on the
	 * class path, plus the benchmark's exporter and tool.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SpringAiApplicationConfiguration {

		@Bean
		NoopSpanExporter noopSpanExporter() {
			return new NoopSpanExporter();
		}

		@Bean
		TripTools tripTools() {
			return new TripTools();
		}

	}

}
