package dev.agenttracing.springai;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;
import org.springframework.ai.util.json.JsonParser;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.agenttracing.AgentContext;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.StartedOperation;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Traces every tool execution of Spring AI's tool calling ({@code @Tool} methods,
 * function callbacks, MCP tool callbacks) as one {@code execute_tool {name}} span of
 * agent-tracing, from Spring AI's {@link ToolCallingObservationContext} observation, with
 * the model's tool call id. Ordered before Micrometer's default tracing handler, like
 * {@link ChatModelTracingObservationHandler}, so that Micrometer makes no second span for
 * it.
 * <p>
 * A tool that throws is turned into a result for the model by Spring AI's
 * {@code ToolExecutionExceptionProcessor}; {@link ToolFailureRecordingProcessor} records
 * the tool's own exception on this span first.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class ToolCallingTracingObservationHandler extends OperationObservationHandler<ToolCallingObservationContext> {

	private final AgentTracer agentTracer;

	/**
	 * Create a handler.
	 * @param agentTracer where spans are started
	 * @param tracer Micrometer's tracer (for the interface's default methods)
	 */
	public ToolCallingTracingObservationHandler(AgentTracer agentTracer, Tracer tracer) {
		super(ToolCallingObservationContext.class, tracer);
		Assert.notNull(agentTracer, "'agentTracer' must not be null");
		this.agentTracer = agentTracer;
	}

	@Override
	public void onStart(ToolCallingObservationContext context) {
		try {
			ToolDefinition definition = context.getToolDefinition();
			ToolSpec spec = ToolSpec.named(definition.name())
				.description(StringUtils.hasText(definition.description()) ? definition.description() : null)
				.type(StringUtils.hasText(context.getToolType()) ? context.getToolType()
						: GenAiAttributes.TOOL_TYPE_FUNCTION)
				.callId(StringUtils.hasText(context.getToolCallId()) ? context.getToolCallId() : null);
			StartedOperation tool = start(context, spec,
					new LazyContent(() -> arguments(context.getToolCallArguments())));
			if (!tool.isRecording()) {
				return;
			}
			context.put(StartedOperation.class, tool);
			Context toolContext = tool.context();
			getTracingContext(context).setSpan(OtelSpan.fromOtel(Span.fromContext(toolContext), toolContext));
		}
		catch (Throwable ex) {
			TracingFaultLog.report("starting a Spring AI tool span", ex);
		}
	}

	private StartedOperation start(Observation.Context context, ToolSpec spec,
			Map<String, ? extends @Nullable Object> arguments) {
		Context parent = ObservationParents.parentContext(context);
		String conversationId = ObservationParents.conversationId(context);
		if (conversationId == null) {
			return this.agentTracer.startTool(parent, spec, arguments);
		}
		// The conversation id layers over the parent's agent context, which only a
		// current scope does.
		try (Scope parentScope = parent.makeCurrent();
				Scope conversation = AgentContext.builder().conversationId(conversationId).makeCurrent()) {
			return this.agentTracer.startTool(spec, arguments);
		}
	}

	// The model sends the arguments as a JSON object; recorded as that object when it is
	// one.
	private static Map<String, @Nullable Object> arguments(String json) {
		try {
			Map<?, ?> parsed = JsonParser.fromJson(json, Map.class);
			if (parsed != null) {
				Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
				parsed.forEach((key, value) -> arguments.put(String.valueOf(key), value));
				return arguments;
			}
		}
		catch (RuntimeException ex) {
			// not an object: recorded as it came
		}
		Map<String, @Nullable Object> raw = new LinkedHashMap<>();
		raw.put("arguments", json);
		return raw;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		// Asked for every observation Micrometer starts: an instanceof of a constant
		// type.
		return context instanceof ToolCallingObservationContext;
	}

	@Override
	public void onError(ToolCallingObservationContext context) {
		StartedOperation tool = operationOf(context);
		Throwable error = context.getError();
		if (tool != null && error != null) {
			tool.endExceptionally(ToolFailureRecordingProcessor.toolFailure(error));
		}
	}

	@Override
	public void onStop(ToolCallingObservationContext context) {
		StartedOperation tool = operationOf(context);
		if (tool != null) {
			tool.end(context.getToolCallResult());
		}
	}

}
