package dev.agenttracing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Traces agent runs and tool executions as OpenTelemetry spans that follow the GenAI semantic
 * conventions. This is the programmatic API, for lambdas, self-invocation and code that cannot
 * be annotated; the {@code @AgentRun} and {@code @Tool} aspects are a thin layer over it.
 *
 * <pre class="code">
 * String answer = agentTracer.agentRun(AgentRunSpec.named("trip-planner"), () -&gt; plan(request));
 * Weather weather = agentTracer.tool(ToolSpec.named("get_weather"), () -&gt; client.weather(city));
 * </pre>
 *
 * The traced work runs exactly as it would untraced: its result and its exception (the same
 * instance) reach the caller unchanged. A result that is a
 * {@link java.util.concurrent.CompletionStage} keeps the span open until it completes. A fault
 * inside tracing is logged once and the work runs untraced.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class AgentTracer {

	private final Tracer tracer;

	private final @Nullable String defaultProvider;

	AgentTracer(Builder builder) {
		this.tracer = builder.openTelemetry.tracerBuilder(GenAiAttributes.INSTRUMENTATION_SCOPE)
			.setInstrumentationVersion(Version.get())
			.setSchemaUrl(GenAiAttributes.SCHEMA_URL)
			.build();
		this.defaultProvider = builder.defaultProvider;
	}

	/**
	 * Start building an {@link AgentTracer} on the given OpenTelemetry instance.
	 * @param openTelemetry the OpenTelemetry instance (Boot's bean in an application)
	 * @return a builder
	 */
	public static Builder builder(OpenTelemetry openTelemetry) {
		return new Builder(openTelemetry);
	}

	/**
	 * Run {@code work} as an agent run: an {@code invoke_agent {name}} span of kind INTERNAL.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the agent
	 * @param work the agent's work
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T agentRun(AgentRunSpec spec, TracedCallable<T, E> work)
			throws E {
		return trace(startAgentRun(spec), work);
	}

	/**
	 * Run {@code work} as a tool execution: an {@code execute_tool {name}} span of kind
	 * INTERNAL.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the tool
	 * @param work the tool's work
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T tool(ToolSpec spec, TracedCallable<T, E> work)
			throws E {
		return trace(startTool(spec), work);
	}

	private <T extends @Nullable Object, E extends Throwable> T trace(@Nullable TracedOperation operation,
			TracedCallable<T, E> work) throws E {
		if (operation == null) {
			return work.call();
		}
		Scope scope = operation.makeCurrent();
		T result;
		try {
			result = work.call();
		}
		catch (Throwable ex) {
			close(scope);
			operation.endExceptionally(ex);
			throw ex;
		}
		close(scope);
		operation.completeWith(result);
		return result;
	}

	@Nullable TracedOperation startAgentRun(AgentRunSpec spec) {
		try {
			Context parent = Context.current();
			RunState parentRun = RunState.from(parent);
			RunState run = new RunState(spec.name(), parentRun);
			String provider = StringUtils.hasText(spec.provider()) ? spec.provider() : this.defaultProvider;
			SpanBuilder builder = this.tracer.spanBuilder(GenAiAttributes.OPERATION_INVOKE_AGENT + " " + spec.name())
				.setParent(parent)
				.setSpanKind(SpanKind.INTERNAL)
				.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_INVOKE_AGENT)
				.setAttribute(GenAiAttributes.AGENT_NAME, spec.name())
				.setAttribute(GenAiAttributes.AGENT_NESTED, run.isNested());
			setIfText(builder, GenAiAttributes.PROVIDER_NAME, provider);
			setIfText(builder, GenAiAttributes.AGENT_ID, spec.id());
			setIfText(builder, GenAiAttributes.AGENT_DESCRIPTION, spec.description());
			setIfText(builder, GenAiAttributes.AGENT_VERSION, spec.version());
			Span span = builder.startSpan();
			return new TracedOperation(span, run.storeIn(parent.with(span)));
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an agent run span", ex);
			return null;
		}
	}

	@Nullable TracedOperation startTool(ToolSpec spec) {
		try {
			Context parent = Context.current();
			SpanBuilder builder = this.tracer.spanBuilder(GenAiAttributes.OPERATION_EXECUTE_TOOL + " " + spec.name())
				.setParent(parent)
				.setSpanKind(SpanKind.INTERNAL)
				.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL)
				.setAttribute(GenAiAttributes.TOOL_NAME, spec.name())
				.setAttribute(GenAiAttributes.TOOL_TYPE, spec.type());
			setIfText(builder, GenAiAttributes.TOOL_DESCRIPTION, spec.description());
			setIfText(builder, GenAiAttributes.TOOL_CALL_ID, spec.callId());
			Span span = builder.startSpan();
			return new TracedOperation(span, parent.with(span));
		}
		catch (Throwable ex) {
			TracingFaults.report("starting a tool span", ex);
			return null;
		}
	}

	private static void setIfText(SpanBuilder builder, io.opentelemetry.api.common.AttributeKey<String> key,
			@Nullable String value) {
		if (StringUtils.hasText(value)) {
			builder.setAttribute(key, value);
		}
	}

	private static void close(@Nullable Scope scope) {
		if (scope != null) {
			try {
				scope.close();
			}
			catch (Throwable ex) {
				TracingFaults.report("closing a span scope", ex);
			}
		}
	}

	/**
	 * Builds an {@link AgentTracer}.
	 */
	public static final class Builder {

		private final OpenTelemetry openTelemetry;

		private @Nullable String defaultProvider;

		private Builder(OpenTelemetry openTelemetry) {
			Assert.notNull(openTelemetry, "'openTelemetry' must not be null");
			this.openTelemetry = openTelemetry;
		}

		/**
		 * Provider name for agent runs that do not name one.
		 * @param defaultProvider the provider name, or {@code null} for none
		 * @return this builder
		 */
		public Builder defaultProvider(@Nullable String defaultProvider) {
			this.defaultProvider = defaultProvider;
			return this;
		}

		/**
		 * Build the tracer.
		 * @return a new {@link AgentTracer}
		 */
		public AgentTracer build() {
			return new AgentTracer(this);
		}

	}

	/**
	 * The library version, filtered into {@code version.properties} by the build.
	 */
	static final class Version {

		private static final String VALUE = load();

		private Version() {
		}

		static String get() {
			return VALUE;
		}

		private static String load() {
			try (InputStream in = AgentTracer.class.getResourceAsStream("version.properties")) {
				if (in != null) {
					Properties properties = new Properties();
					properties.load(in);
					return properties.getProperty("version", "unknown");
				}
			}
			catch (IOException ex) {
				// fall through
			}
			return "unknown";
		}

	}

}
