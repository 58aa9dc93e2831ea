package dev.agenttracing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.agenttracing.content.ContentRecorder;
import dev.agenttracing.redact.Redactor;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Traces agent runs, tool executions and LLM calls as OpenTelemetry spans that follow the GenAI semantic
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

	private static final int MAX_CACHED_SPAN_NAMES = 256;

	private final Tracer tracer;

	private final @Nullable String defaultProvider;

	private final @Nullable String defaultModel;

	private final Instruments instruments;

	private final RunSampling sampling;

	// Span names of tools ("execute_tool get_weather"): few, and asked for on every call.
	private final Map<String, String> toolSpanNames = new ConcurrentHashMap<>();

	AgentTracer(Builder builder) {
		this.tracer = builder.openTelemetry.tracerBuilder(GenAiAttributes.INSTRUMENTATION_SCOPE)
			.setInstrumentationVersion(Version.get())
			.setSchemaUrl(GenAiAttributes.SCHEMA_URL)
			.build();
		this.defaultProvider = textOrNull(builder.defaultProvider);
		this.defaultModel = textOrNull(builder.defaultModel);
		this.instruments = new Instruments(builder.extractors, builder.pricing, builder.metrics,
				(builder.content != null) ? builder.content : ContentRecorder.builder(Redactor.builder().build()).build());
		this.sampling = new RunSampling(builder.samplingProbability, builder.recordFailedRuns);
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
		return trace(openAgentRun(spec, null), work);
	}

	/**
	 * Run {@code work} as an agent run and, when content is recorded, record {@code input} as
	 * {@code gen_ai.input.messages} and the result as {@code gen_ai.output.messages}.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the agent
	 * @param input the agent's input: a text, messages, or any value (a map of named arguments
	 * for several); {@code null} for none
	 * @param work the agent's work
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T agentRun(AgentRunSpec spec, @Nullable Object input,
			TracedCallable<T, E> work) throws E {
		return trace(openAgentRun(spec, input), work);
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
		return trace(openTool(spec, null), work);
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
		return trace(openTool(spec, arguments), work);
	}

	/**
	 * Run {@code work} as a call to a model: a {@code {operation} {model}} span of kind CLIENT.
	 * Response attributes and token usage are read from the value {@code work} returns (an
	 * {@link LlmResult} or a type an {@link LlmResultExtractor} understands) and from what is
	 * reported to {@link #currentLlmCall()} meanwhile. A Reactor {@code Flux} is traced as a
	 * stream.
	 * @param <T> the result type
	 * @param <E> the exception type
	 * @param spec what describes the call
	 * @param work the call
	 * @return what {@code work} returned
	 * @throws E what {@code work} threw
	 */
	public <T extends @Nullable Object, E extends Throwable> T llmCall(LlmCallSpec spec, TracedCallable<T, E> work)
			throws E {
		return trace(openLlmCall(spec, null), work);
	}

	/**
	 * Run {@code work} as a call to a model and, when content is recorded, record the request's
	 * system instructions and input messages from {@code arguments} and the answer as
	 * {@code gen_ai.output.messages} (see {@link ContentRecorder#llmRequest(Map)}).
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
		return trace(openLlmCall(spec, arguments), work);
	}

	/**
	 * The LLM call in progress on this thread, to report request parameters or usage to.
	 * @return the current call; does nothing when there is none
	 */
	public CurrentLlmCall currentLlmCall() {
		TracedOperation operation = TracedOperation.currentLlmCall();
		return (operation != null) ? new CurrentLlmCall(operation) : CurrentLlmCall.NONE;
	}

	/**
	 * Start an agent run whose end is reported later, for frameworks that announce the start and
	 * the end of a run in separate callbacks (listeners, observation handlers). The run is not
	 * current until {@link StartedOperation#makeCurrent()} is called; it ends exactly once, with
	 * {@link StartedOperation#end(Object)} or {@link StartedOperation#endExceptionally(Throwable)}.
	 * @param spec what describes the agent
	 * @param input the agent's input for content recording, or {@code null}
	 * @return the started run; {@link StartedOperation#isRecording() not recording} when tracing
	 * could not start it
	 */
	public StartedOperation startAgentRun(AgentRunSpec spec, @Nullable Object input) {
		return StartedOperation.of(openAgentRun(spec, input));
	}

	/**
	 * Start a tool execution whose end is reported later (see {@link #startAgentRun}), as a
	 * child of the current context.
	 * @param spec what describes the tool
	 * @param arguments the tool's arguments by name for content recording, or {@code null}
	 * @return the started tool execution
	 */
	public StartedOperation startTool(ToolSpec spec, @Nullable Map<String, ? extends @Nullable Object> arguments) {
		return StartedOperation.of(openTool(spec, arguments));
	}

	/**
	 * Start a model call whose end is reported later (see {@link #startAgentRun}), as a child
	 * of the current context. Usage and response attributes come from
	 * {@link StartedOperation#result(LlmResult)} and from the value given to
	 * {@link StartedOperation#end(Object)}.
	 * @param spec what describes the call
	 * @param arguments the request by name ({@code system}, {@code messages}) for content
	 * recording, or {@code null}
	 * @return the started call
	 */
	public StartedOperation startLlmCall(LlmCallSpec spec,
			@Nullable Map<String, ? extends @Nullable Object> arguments) {
		return StartedOperation.of(openLlmCall(spec, arguments));
	}

	/**
	 * The tool execution in progress on this thread, for an instrumentation below it (an MCP
	 * client, say) that adds its own attributes to the tool's span rather than starting a
	 * second span for the same operation.
	 * @return the current tool execution; {@link StartedOperation#isRecording() not recording}
	 * when there is none. Only its attributes are meant to be set: it is ended by whoever
	 * started it.
	 */
	public StartedOperation currentTool() {
		return StartedOperation.of(TracedOperation.currentTool());
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
	 * Wait until no agent run of this tracer is in flight, as a graceful shutdown does before
	 * its final flush.
	 * @param timeout how long to wait at most
	 * @return {@code true} if no run is in flight, {@code false} if some still were when the
	 * timeout elapsed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitNoRunsInFlight(Duration timeout) throws InterruptedException {
		Assert.notNull(timeout, "'timeout' must not be null");
		return this.instruments.runsInFlight().awaitNone(timeout);
	}

	// NullAway: completeWith returns the result (a reactive one decorated, of the same type),
	// which is T and may be null (T extends @Nullable Object); outside its JSpecify mode (JDK
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

	@Nullable TracedOperation openAgentRun(AgentRunSpec spec, @Nullable Object input) {
		try {
			Context caller = Context.current();
			RunState parentRun = RunState.from(caller);
			boolean recordContent = switch (spec.content()) {
				case ON -> true;
				case OFF -> false;
				case DEFAULT -> recordsContent(parentRun);
			};
			// A subagent that names no provider works for its parent run's.
			String provider = orDefault(spec.provider(), this.defaultProvider);
			if (provider == null && parentRun != null) {
				provider = parentRun.provider();
			}
			RunState run = new RunState(parentRun, recordContent, provider);
			// What the run's operations see: the caller's context with the run's conversation id.
			AgentContext callerAgentContext = AgentContext.fromContext(caller);
			AgentContext agentContext = callerAgentContext.withConversationId(spec.conversationId());
			Context parent = (agentContext != callerAgentContext) ? agentContext.storeInContext(caller) : caller;
			SpanBuilder builder = this.tracer.spanBuilder(GenAiAttributes.OPERATION_INVOKE_AGENT + " " + spec.name())
				.setSpanKind(SpanKind.INTERNAL)
				.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_INVOKE_AGENT)
				.setAttribute(GenAiAttributes.AGENT_NAME, spec.name())
				.setAttribute(GenAiAttributes.AGENT_NESTED, run.isNested());
			setIfText(builder, GenAiAttributes.PROVIDER_NAME, provider);
			setIfText(builder, GenAiAttributes.AGENT_ID, spec.id());
			setIfText(builder, GenAiAttributes.AGENT_DESCRIPTION, spec.description());
			setIfText(builder, GenAiAttributes.AGENT_VERSION, spec.version());
			if (!agentContext.isEmpty()) {
				builder.setAllAttributes(agentContext.runAttributes(this.instruments.content().textRedaction()));
			}
			Span span = this.sampling.start(builder, parent, parentRun);
			TracedOperation operation = new TracedOperation(this.instruments, TracedOperation.Kind.AGENT, span,
					this.sampling.contextOfRun(parent, span), GenAiAttributes.OPERATION_INVOKE_AGENT, provider, null,
					run);
			if (recordContent) {
				ContentRecorder content = this.instruments.content();
				operation.setContent(GenAiAttributes.INPUT_MESSAGES, content.inputMessages(input));
				operation.captureOutput(GenAiAttributes.OUTPUT_MESSAGES, content::outputMessages);
			}
			return operation;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an agent run span", ex);
			return null;
		}
	}

	@Nullable TracedOperation openTool(ToolSpec spec, @Nullable Map<String, ? extends @Nullable Object> arguments) {
		try {
			Context parent = Context.current();
			if (isSameToolExecution(parent, spec.name())) {
				return null;
			}
			SpanBuilder builder = this.tracer.spanBuilder(toolSpanName(spec.name()))
				.setParent(parent)
				.setSpanKind(SpanKind.INTERNAL)
				.setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL)
				.setAttribute(GenAiAttributes.TOOL_NAME, spec.name())
				.setAttribute(GenAiAttributes.TOOL_TYPE, spec.type());
			setIfText(builder, GenAiAttributes.TOOL_DESCRIPTION, spec.description());
			setIfText(builder, GenAiAttributes.TOOL_CALL_ID, spec.callId());
			RunState run = RunState.from(parent);
			TracedOperation operation = new TracedOperation(this.instruments, TracedOperation.Kind.TOOL,
					builder.startSpan(), parent, GenAiAttributes.OPERATION_EXECUTE_TOOL, null, null, run);
			operation.setToolName(spec.name());
			if (recordsContent(run)) {
				ContentRecorder content = this.instruments.content();
				if (arguments != null) {
					operation.setContent(GenAiAttributes.TOOL_CALL_ARGUMENTS, content.toolArguments(arguments));
				}
				operation.captureOutput(GenAiAttributes.TOOL_CALL_RESULT, content::toolResult);
			}
			return operation;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting a tool span", ex);
			return null;
		}
	}

	@Nullable TracedOperation openLlmCall(LlmCallSpec spec,
			@Nullable Map<String, ? extends @Nullable Object> arguments) {
		try {
			Context parent = Context.current();
			String provider = orDefault(spec.provider(), this.defaultProvider);
			String model = orDefault(spec.model(), this.defaultModel);
			String name = (model != null) ? spec.operation() + " " + model : spec.operation();
			SpanBuilder builder = this.tracer.spanBuilder(name)
				.setParent(parent)
				.setSpanKind(SpanKind.CLIENT)
				.setAttribute(GenAiAttributes.OPERATION_NAME, spec.operation());
			setIfText(builder, GenAiAttributes.PROVIDER_NAME, provider);
			setIfText(builder, GenAiAttributes.REQUEST_MODEL, model);
			setIfText(builder, GenAiAttributes.SERVER_ADDRESS, spec.serverAddress());
			if (spec.serverPort() > 0) {
				builder.setAttribute(GenAiAttributes.SERVER_PORT, (long) spec.serverPort());
			}
			RunState run = RunState.from(parent);
			TracedOperation operation = new TracedOperation(this.instruments, TracedOperation.Kind.LLM,
					builder.startSpan(), parent, spec.operation(), provider, model, run);
			if (recordsContent(run)) {
				ContentRecorder content = this.instruments.content();
				if (arguments != null) {
					ContentRecorder.LlmRequestContent request = content.llmRequest(arguments);
					operation.setContent(GenAiAttributes.SYSTEM_INSTRUCTIONS, request.systemInstructions());
					operation.setContent(GenAiAttributes.INPUT_MESSAGES, request.inputMessages());
				}
				operation.captureOutput(GenAiAttributes.OUTPUT_MESSAGES,
						(value) -> content.llmOutputMessages(value, this.instruments.readResult(value)));
			}
			return operation;
		}
		catch (Throwable ex) {
			TracingFaults.report("starting an LLM call span", ex);
			return null;
		}
	}

	/**
	 * Whether a tool execution of this name would start directly inside one of the same name,
	 * with no other span between: a framework's tool call and an annotated method it invokes
	 * (a method with Spring AI's {@code @Tool} and ours) are one execution, traced once.
	 */
	private static boolean isSameToolExecution(Context parent, String toolName) {
		TracedOperation enclosing = parent.get(TracedOperation.TOOL_KEY);
		return enclosing != null && !enclosing.isEnded() && toolName.equals(enclosing.toolName())
				&& Span.fromContext(parent) == enclosing.span();
	}

	// Inside a run, as the run decided; outside, as the application default says.
	private String toolSpanName(String toolName) {
		String spanName = this.toolSpanNames.get(toolName);
		if (spanName == null) {
			spanName = GenAiAttributes.OPERATION_EXECUTE_TOOL + " " + toolName;
			// Bounded: tool names come from annotations, but the programmatic API takes any.
			if (this.toolSpanNames.size() < MAX_CACHED_SPAN_NAMES) {
				this.toolSpanNames.put(toolName, spanName);
			}
		}
		return spanName;
	}

	private boolean recordsContent(@Nullable RunState run) {
		return (run != null) ? run.recordsContent() : this.instruments.content().isEnabled();
	}

	private static @Nullable String orDefault(@Nullable String value, @Nullable String fallback) {
		return StringUtils.hasText(value) ? value : fallback;
	}

	private static @Nullable String textOrNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	private static void setIfText(SpanBuilder builder, AttributeKey<String> key,
			@Nullable String value) {
		if (StringUtils.hasText(value)) {
			builder.setAttribute(key, value);
		}
	}

	private static void close(Scope scope) {
		try {
			scope.close();
		}
		catch (Throwable ex) {
			TracingFaults.report("closing a span scope", ex);
		}
	}

	/**
	 * Builds an {@link AgentTracer}.
	 */
	public static final class Builder {

		private final OpenTelemetry openTelemetry;

		private @Nullable String defaultProvider;

		private @Nullable String defaultModel;

		private List<LlmResultExtractor> extractors = List.of();

		private ModelPricing pricing = ModelPricing.NONE;

		private OperationMetrics metrics = OperationMetrics.NONE;

		private @Nullable ContentRecorder content;

		private double samplingProbability = 1.0;

		private boolean recordFailedRuns;

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
		 * Requested model for LLM calls that do not name one.
		 * @param defaultModel the model name, or {@code null} for none
		 * @return this builder
		 */
		public Builder defaultModel(@Nullable String defaultModel) {
			this.defaultModel = defaultModel;
			return this;
		}

		/**
		 * Extractors that read LLM results from types other than {@link LlmResult}, asked in
		 * order.
		 * @param extractors the extractors
		 * @return this builder
		 */
		public Builder extractors(List<? extends LlmResultExtractor> extractors) {
			this.extractors = List.copyOf(extractors);
			return this;
		}

		/**
		 * Prices that turn token usage into cost.
		 * @param pricing the prices
		 * @return this builder
		 */
		public Builder pricing(ModelPricing pricing) {
			Assert.notNull(pricing, "'pricing' must not be null");
			this.pricing = pricing;
			return this;
		}

		/**
		 * Where operation metrics go.
		 * @param metrics the metrics recorder
		 * @return this builder
		 */
		public Builder metrics(OperationMetrics metrics) {
			Assert.notNull(metrics, "'metrics' must not be null");
			this.metrics = metrics;
			return this;
		}

		/**
		 * How content is recorded and how content and exception messages are redacted. By
		 * default content is not recorded and exception messages go through the built-in
		 * detectors in mask mode.
		 * @param content the content recorder
		 * @return this builder
		 */
		public Builder content(ContentRecorder content) {
			Assert.notNull(content, "'content' must not be null");
			this.content = content;
			return this;
		}

		/**
		 * Probability that an agent run outside a sampled trace is recorded. A run inside a
		 * sampled trace is always recorded, as part of it; a run chosen inside an unsampled
		 * trace starts a trace of its own, linked to the caller's span. Takes effect when the
		 * SDK's sampler is wrapped in an {@link AgentRunSampler}.
		 * @param samplingProbability a probability from 0.0 to 1.0 (the default)
		 * @return this builder
		 */
		public Builder samplingProbability(double samplingProbability) {
			Assert.isTrue(samplingProbability >= 0.0 && samplingProbability <= 1.0,
					"'samplingProbability' must be between 0.0 and 1.0");
			this.samplingProbability = samplingProbability;
			return this;
		}

		/**
		 * Whether agent runs that sampling did not choose are recorded anyway, in a trace of
		 * their own, and exported if they end in error. Takes effect with an
		 * {@link AgentRunSampler} and a {@link FailedRunSpanProcessor} in the SDK.
		 * @param recordFailedRuns whether to record failed runs always (default false)
		 * @return this builder
		 */
		public Builder recordFailedRuns(boolean recordFailedRuns) {
			this.recordFailedRuns = recordFailedRuns;
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
