package dev.agenttracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.redact.Redactor;
import dev.agenttracing.sampling.RunSampling;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * Traces agent runs, tool executions and LLM calls as OpenTelemetry spans that follow the
 * GenAI semantic conventions. This is the programmatic API, for lambdas, self-invocation
 * and code that cannot be annotated; the {@code @AgentRun} and {@code @Tool} aspects are
 * a thin layer over it.
 *
 * <pre class="code">
 * String answer = agentTracer.agentRun(AgentRunSpec.named("trip-planner"), () -&gt; plan(request));
 * Weather weather = agentTracer.tool(ToolSpec.named("get_weather"), () -&gt; client.weather(city));
 * </pre>
 *
 * The traced work runs exactly as it would untraced: its result and its exception (the
 * same instance) reach the caller unchanged. A result that is a
 * {@link java.util.concurrent.CompletionStage} keeps the span open until it completes. A
 * fault inside tracing is logged once and the work runs untraced.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class AgentTracer {

	private final Instruments instruments;

	private final AgentRunStarter agentRuns;

	private final ToolStarter tools;

	private final LlmCallStarter llmCalls;

	AgentTracer(AgentTracerBuilder builder) {
		Tracer tracer = builder.openTelemetry.tracerBuilder(GenAiAttributes.INSTRUMENTATION_SCOPE)
			.setInstrumentationVersion(Version.get())
			.setSchemaUrl(GenAiAttributes.SCHEMA_URL)
			.build();
		String defaultProvider = textOrNull(builder.defaultProvider);
		this.instruments = new Instruments(builder.extractors, builder.pricing, builder.metrics,
				(builder.content != null) ? builder.content
						: ContentRecorder.builder(Redactor.builder().build()).build());
		this.agentRuns = new AgentRunStarter(tracer, defaultProvider, this.instruments,
				new RunSampling(builder.samplingProbability, builder.recordFailedRuns));
		this.tools = new ToolStarter(tracer, this.instruments);
		this.llmCalls = new LlmCallStarter(tracer, defaultProvider, textOrNull(builder.defaultModel), this.instruments);
	}

	/**
	 * Start building an {@link AgentTracer} on the given OpenTelemetry instance.
	 * @param openTelemetry the OpenTelemetry instance (Boot's bean in an application)
	 * @return a builder
	 */
	public static AgentTracerBuilder builder(OpenTelemetry openTelemetry) {
		return new AgentTracerBuilder(openTelemetry);
	}

	/**
	 * Run {@code work} as an agent run: an {@code invoke_agent {name}} span of kind
	 * INTERNAL.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the agent
	 * @param work the agent's work
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T agentRun(AgentRunSpec spec, TracedCallable<T, E> work)
			throws E {
		return trace(this.agentRuns.start(spec, null), work);
	}

	/**
	 * Run {@code work} as an agent run and, when content is recorded, record
	 * {@code input} as {@code gen_ai.input.messages} and the result as
	 * {@code gen_ai.output.messages}.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the agent
	 * @param input the agent's input: a text, messages, or any value (a map of named
	 * arguments for several); {@code null} for none
	 * @param work the agent's work
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T agentRun(AgentRunSpec spec, @Nullable Object input,
			TracedCallable<T, E> work) throws E {
		return trace(this.agentRuns.start(spec, input), work);
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
	public <T extends @Nullable Object, E extends Throwable> T tool(ToolSpec spec, TracedCallable<T, E> work) throws E {
		return trace(this.tools.start(Context.current(), spec, null), work);
	}

	/**
	 * Run {@code work} as a tool execution and, when content is recorded, record
	 * {@code arguments} as {@code gen_ai.tool.call.arguments} and a successful result as
	 * {@code gen_ai.tool.call.result}.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the tool
	 * @param arguments the tool's arguments by parameter name, in order
	 * @param work the tool's work
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T tool(ToolSpec spec,
			Map<String, ? extends @Nullable Object> arguments, TracedCallable<T, E> work) throws E {
		return trace(this.tools.start(Context.current(), spec, arguments), work);
	}

	/**
	 * Run {@code work} as a tool execution whose call id is given apart from its spec:
	 * the same as {@code tool(spec.callId(callId), arguments, work)}, for a spec made
	 * once for a tool (an annotated method, a framework's registered tool) and used for
	 * every call of it, without a copy of the spec per call.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the tool
	 * @param callId the model's tool call id for this execution
	 * ({@code gen_ai.tool.call.id}), or {@code null} for the spec's own
	 * @param arguments the tool's arguments by parameter name, in order
	 * @param work the tool's work
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 * @since 0.2.0
	 */
	public <T extends @Nullable Object, E extends Throwable> T tool(ToolSpec spec, @Nullable String callId,
			Map<String, ? extends @Nullable Object> arguments, TracedCallable<T, E> work) throws E {
		return trace(this.tools.start(Context.current(), spec, (callId != null) ? callId : spec.callId(), arguments),
				work);
	}

	/**
	 * Run {@code work} as a call to a model: a {@code {operation} {model}} span of kind
	 * CLIENT. Response attributes and token usage are read from the value {@code work}
	 * returns (an {@link LlmResult} or a type an {@link LlmResultExtractor} understands)
	 * and from what is reported to {@link #currentLlmCall()} meanwhile. A Reactor
	 * {@code Flux} is traced as a stream.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the call
	 * @param work the call
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T llmCall(LlmCallSpec spec, TracedCallable<T, E> work)
			throws E {
		return trace(this.llmCalls.start(Context.current(), spec, null), work);
	}

	/**
	 * Run {@code work} as a call to a model and, when content is recorded, record the
	 * request's system instructions and input messages from {@code arguments} and the
	 * answer as {@code gen_ai.output.messages} (see
	 * {@link ContentRecorder#llmRequest(Map)}).
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the call
	 * @param arguments the request by name, such as {@code system} and {@code messages}
	 * @param work the call
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T llmCall(LlmCallSpec spec,
			Map<String, ? extends @Nullable Object> arguments, TracedCallable<T, E> work) throws E {
		return trace(this.llmCalls.start(Context.current(), spec, arguments), work);
	}

	/**
	 * The LLM call in progress on this thread, to report request parameters or usage to.
	 * @return the current call; does nothing when there is none
	 */
	public CurrentLlmCall currentLlmCall() {
		LlmCallOperation operation = LlmCallOperation.current();
		return (operation != null) ? new CurrentLlmCall(operation) : CurrentLlmCall.NONE;
	}

	/**
	 * Start an agent run whose end is reported later, for frameworks that announce the
	 * start and the end of a run in separate callbacks (listeners, observation handlers).
	 * The run is not current until {@link StartedOperation#makeCurrent()} is called; it
	 * ends exactly once, with {@link StartedOperation#end(Object)} or
	 * {@link StartedOperation#endExceptionally(Throwable)}.
	 * @param spec what describes the agent
	 * @param input the agent's input for content recording, or {@code null}
	 * @return the started run; {@link StartedOperation#isRecording() not recording} when
	 * tracing could not start it
	 */
	public StartedOperation startAgentRun(AgentRunSpec spec, @Nullable Object input) {
		return StartedOperation.of(this.agentRuns.start(spec, input));
	}

	/**
	 * Start a tool execution whose end is reported later (see {@link #startAgentRun}), as
	 * a child of the current context.
	 * @param spec what describes the tool
	 * @param arguments the tool's arguments by name for content recording, or
	 * {@code null}
	 * @return the started tool execution
	 */
	public StartedOperation startTool(ToolSpec spec, @Nullable Map<String, ? extends @Nullable Object> arguments) {
		return StartedOperation.of(this.tools.start(Context.current(), spec, arguments));
	}

	/**
	 * Start a tool execution whose end is reported later, as a child of the given context
	 * rather than the current one: for an integration that knows where the execution
	 * belongs (its framework's parent observation, say), without making that context
	 * current only to start the span.
	 * @param parent the context to start the execution in
	 * @param spec what describes the tool
	 * @param arguments the tool's arguments by name for content recording, or
	 * {@code null}
	 * @return the started tool execution
	 * @since 0.2.0
	 */
	public StartedOperation startTool(Context parent, ToolSpec spec,
			@Nullable Map<String, ? extends @Nullable Object> arguments) {
		Assert.notNull(parent, "'parent' must not be null");
		return StartedOperation.of(this.tools.start(parent, spec, arguments));
	}

	/**
	 * Start a model call whose end is reported later (see {@link #startAgentRun}), as a
	 * child of the current context. Usage and response attributes come from
	 * {@link StartedOperation#result(LlmResult)} and from the value given to
	 * {@link StartedOperation#end(Object)}.
	 * @param spec what describes the call
	 * @param arguments the request by name ({@code system}, {@code messages}) for content
	 * recording, or {@code null}
	 * @return the started call
	 */
	public StartedOperation startLlmCall(LlmCallSpec spec,
			@Nullable Map<String, ? extends @Nullable Object> arguments) {
		return StartedOperation.of(this.llmCalls.start(Context.current(), spec, arguments));
	}

	/**
	 * Start a model call whose end is reported later, as a child of the given context
	 * rather than the current one (see {@link #startTool(Context, ToolSpec, Map)}).
	 * @param parent the context to start the call in
	 * @param spec what describes the call
	 * @param arguments the request by name for content recording, or {@code null}
	 * @return the started call
	 * @since 0.2.0
	 */
	public StartedOperation startLlmCall(Context parent, LlmCallSpec spec,
			@Nullable Map<String, ? extends @Nullable Object> arguments) {
		Assert.notNull(parent, "'parent' must not be null");
		return StartedOperation.of(this.llmCalls.start(parent, spec, arguments));
	}

	/**
	 * The tool execution in progress on this thread, for an instrumentation below it (an
	 * MCP client, say) that adds its own attributes to the tool's span rather than
	 * starting a second span for the same operation.
	 * @return the current tool execution; {@link StartedOperation#isRecording() not
	 * recording} when there is none. Only its attributes are meant to be set: it is ended
	 * by whoever started it.
	 */
	public StartedOperation currentTool() {
		return StartedOperation.of(ToolOperation.current());
	}

	/**
	 * The number of agent runs this tracer has started and not yet ended. A run that has
	 * ended has handed its span to every span processor, so it is queued for export.
	 * @return the number of agent runs in flight
	 */
	public int getRunsInFlight() {
		return this.instruments.runsInFlight().running();
	}

	/**
	 * Wait until no agent run of this tracer is in flight, as a graceful shutdown does
	 * before its final flush.
	 * @param timeout how long to wait at most
	 * @return {@code true} if no run is in flight, {@code false} if some still were when
	 * the timeout elapsed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitNoRunsInFlight(Duration timeout) throws InterruptedException {
		Assert.notNull(timeout, "'timeout' must not be null");
		return this.instruments.runsInFlight().awaitNone(timeout);
	}

	// NullAway: completeWith returns the result (a reactive one decorated, of the same
	// type),
	// which is T and may be null (T extends @Nullable Object); outside its JSpecify mode
	// (JDK
	// 22+) NullAway takes T as non-null.
	@SuppressWarnings({ "unchecked", "NullAway" })
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
		return (T) operation.completeWith(result);
	}

	private static @Nullable String textOrNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	private static void close(Scope scope) {
		try {
			scope.close();
		}
		catch (Throwable ex) {
			TracingFaults.report("closing a span scope", ex);
		}
	}

}
